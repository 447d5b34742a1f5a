package io.isthmus.bench.relayload;

/**
 * The measuring interval of a step in the generator's {@code System.nanoTime()}: packets sent in
 * {@code [start, end)} are the ones counted; the receiver waits {@code grace} after the end for the
 * last of them before it reports.
 */
record Window(long start, long end, long grace) {
  boolean contains(long nanos) {
    return nanos - start >= 0 && nanos - end < 0;
  }

  long seconds() {
    return (end - start) / 1_000_000_000L;
  }

  double secondsExact() {
    return (end - start) / 1e9;
  }
}
