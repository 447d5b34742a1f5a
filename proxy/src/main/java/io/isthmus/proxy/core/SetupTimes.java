package io.isthmus.proxy.core;

import java.util.Locale;

/**
 * Call setup times as a histogram: from the initial INVITE's arrival to the call's first 2xx, or to
 * the final failure sent to the caller, by outcome. One per core, written on its loop once per call
 * (no locks); {@link Proxy#setupTimes} adds the loops' copies for a scrape.
 */
public final class SetupTimes {
  /** How a call's setup ended. */
  public enum Outcome {
    /** A 2xx established the call. */
    ANSWERED,
    /** The caller got a final failure (4xx-6xx other than 487). */
    FAILED,
    /** The caller cancelled (487), before any answer. */
    CANCELLED;

    /** The metric label: {@code answered}, {@code failed}, {@code cancelled}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The buckets' upper bounds in seconds (the last, +Inf, implied): a gateway answers an INVITE
   * with a 2xx after ringing, seconds to tens of seconds; failures come in milliseconds.
   */
  private static final double[] BOUNDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60};

  private final long[][] counts = new long[Outcome.values().length][BOUNDS.length + 1];
  private final long[] sumNanos = new long[Outcome.values().length];

  /** The upper bounds of the buckets, in seconds, +Inf last. */
  public static double[] upperBounds() {
    double[] out = java.util.Arrays.copyOf(BOUNDS, BOUNDS.length + 1);
    out[BOUNDS.length] = Double.POSITIVE_INFINITY;
    return out;
  }

  /** One call's setup ended with {@code outcome} after {@code nanos}. */
  void observe(Outcome outcome, long nanos) {
    double seconds = nanos / 1e9;
    int i = 0;
    while (i < BOUNDS.length && seconds > BOUNDS[i]) {
      i++;
    }
    counts[outcome.ordinal()][i]++;
    sumNanos[outcome.ordinal()] += nanos;
  }

  /** Calls of {@code outcome} per bucket (not cumulative), in {@link #upperBounds()} order. */
  public long[] counts(Outcome outcome) {
    return counts[outcome.ordinal()].clone();
  }

  /** The sum of the setup times of {@code outcome}, in seconds. */
  public double sumSeconds(Outcome outcome) {
    return sumNanos[outcome.ordinal()] / 1e9;
  }

  /** The number of calls of {@code outcome}. */
  public long count(Outcome outcome) {
    long n = 0;
    for (long c : counts[outcome.ordinal()]) {
      n += c;
    }
    return n;
  }

  /** A copy, to be read off the loop. */
  SetupTimes copy() {
    SetupTimes c = new SetupTimes();
    c.add(this);
    return c;
  }

  /** Adds {@code other}'s calls to these. */
  void add(SetupTimes other) {
    for (int o = 0; o < counts.length; o++) {
      for (int b = 0; b < counts[o].length; b++) {
        counts[o][b] += other.counts[o][b];
      }
      sumNanos[o] += other.sumNanos[o];
    }
  }
}
