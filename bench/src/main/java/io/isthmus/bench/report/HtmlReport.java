package io.isthmus.bench.report;

import io.isthmus.bench.harness.Args;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Writes a benchmark's HTML report: one chart per {@code plot} of a {@link SeriesFile} (median of
 * the repetitions, a bar from the lowest to the highest), the notes, and the harness's text output
 * verbatim. One file, charts embedded as PNG: it opens from disk, from CI artifacts, from a mail.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.isthmus.bench.report.HtmlReport \
 *   --data bench/target/relay-bench.tsv --text bench/target/relay-bench.txt \
 *   --out bench/target/relay-bench.html
 * </pre>
 */
public final class HtmlReport {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 400;

  /** Series colours: Isthmus first in every harness, the baseline second. */
  private static final Color[] COLOURS = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
    new Color(0xff7f0e), new Color(0x8c564b), new Color(0x17becf), new Color(0x7f7f7f)
  };

  private HtmlReport() {}

  public static void main(String[] argv) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Args a = Args.parse(argv, List.of("data", "text", "out"));
    SeriesFile data = SeriesFile.read(Path.of(a.required("data")));
    String text = a.string("text", "");
    String body = text.isEmpty() ? "" : Files.readString(Path.of(text));
    Path out = Path.of(a.required("out"));
    Files.writeString(out, html(data, body));
    System.out.println("written: " + out);
  }

  static String html(SeriesFile data, String text) throws IOException {
    var sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(escape(data.title()))
        .append("</title>\n<style>body{font-family:sans-serif;max-width:1500px;margin:1em auto;")
        .append("padding:0 1em}figure{display:inline-block;margin:.5em}")
        .append("pre{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:12px}</style>\n")
        .append("</head><body>\n<h1>")
        .append(escape(data.title()))
        .append("</h1>\n");
    for (String note : data.notes()) {
      sb.append("<p>").append(escape(note)).append("</p>\n");
    }
    for (SeriesFile.Plot plot : data.plots()) {
      if (plot.points().isEmpty()) {
        continue;
      }
      byte[] png = ChartUtils.encodeAsPNG(chart(plot).createBufferedImage(WIDTH, HEIGHT));
      sb.append("<figure><img alt=\"")
          .append(escape(plot.title()))
          .append("\" width=\"")
          .append(WIDTH)
          .append("\" height=\"")
          .append(HEIGHT)
          .append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(png))
          .append("\"></figure>\n");
    }
    if (!text.isEmpty()) {
      sb.append("<h2>Text output</h2>\n<pre>").append(escape(text)).append("</pre>\n");
    }
    return sb.append("</body></html>\n").toString();
  }

  /** Median per x with a bar over the repetitions' range, one series per line of the legend. */
  static JFreeChart chart(SeriesFile.Plot plot) {
    var dataset = new YIntervalSeriesCollection();
    for (Map.Entry<String, List<double[]>> e : plot.points().entrySet()) {
      var byX = new TreeMap<Double, List<Double>>();
      for (double[] p : e.getValue()) {
        byX.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]);
      }
      var series = new YIntervalSeries(e.getKey());
      byX.forEach(
          (x, ys) -> {
            double[] v = ys.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            series.add(x, median(v), v[0], v[v.length - 1]);
          });
      dataset.addSeries(series);
    }
    NumberAxis x = new NumberAxis(plot.xLabel());
    x.setAutoRangeIncludesZero(false);
    NumberAxis y;
    if (plot.logarithmic()) {
      var log = new LogarithmicAxis(plot.yLabel());
      log.setAllowNegativesFlag(false);
      log.setStrictValuesFlag(false);
      y = log;
    } else {
      y = new NumberAxis(plot.yLabel());
      y.setAutoRangeIncludesZero(true);
    }
    var renderer = new XYErrorRenderer();
    renderer.setDrawXError(false);
    renderer.setDefaultLinesVisible(true);
    renderer.setDefaultShapesVisible(true);
    renderer.setCapLength(6);
    for (int i = 0; i < dataset.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    var xy = new XYPlot(dataset, x, y, renderer);
    xy.setBackgroundPaint(Color.WHITE);
    xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
    xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
    var chart = new JFreeChart(plot.title(), new Font(Font.SANS_SERIF, Font.BOLD, 15), xy, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static String escape(String s) {
    var sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
