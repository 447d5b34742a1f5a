/** Shared helpers of the load harnesses: command-line options. */
package io.isthmus.bench.harness;
