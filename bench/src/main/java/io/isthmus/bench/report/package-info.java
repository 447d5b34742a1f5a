/**
 * HTML reports of the load benchmarks: {@link io.isthmus.bench.report.HtmlReport} draws the charts
 * of a {@link io.isthmus.bench.report.SeriesFile} (a small tab-separated format both harnesses
 * write) with JFreeChart and puts them, with the harness's text output, into one self-contained
 * HTML file.
 */
package io.isthmus.bench.report;
