package io.isthmus.app.wiring;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides when the warm-up has done its job: the per-call setup time no longer falls and the JIT
 * has stopped compiling much. Either alone stops too early: a C1-compiled proxy is already steady
 * for a while before C2 replaces it, and the compiler is quiet while the code is still interpreted
 * on a starved host. Fed one {@link WarmUpCaller.Round} at a time, with the JVM's total compilation
 * time read after it.
 */
final class WarmUpSettling {
  /** Rounds whose medians are compared: three in a row, so one lucky round does not decide. */
  static final int WINDOW = 3;

  /** The window's medians are steady when the slowest is at most this much above the fastest. */
  static final double SPREAD = 1.25;

  /** Slack under the spread: below 0.2 ms, scheduling noise is larger than any JIT effect. */
  static final long SLACK_NANOS = 200_000;

  /**
   * The JIT is quiet when it compiled for less than this share of the last round's wall time (the
   * total is summed over compiler threads, so a busy JIT shows 100 % and more).
   */
  static final double JIT_SHARE = 0.10;

  private final int minCalls;
  private final Deque<Long> medians = new ArrayDeque<>();
  private long lastCompileMillis = -1;
  private long lastEndNanos;
  private boolean jitQuiet;

  /**
   * @param minCalls calls that must have been answered before it can settle (enough invocations for
   *     C2: it compiles a method after some 10 000 calls of it)
   * @param startNanos when the first round began
   */
  WarmUpSettling(int minCalls, long startNanos) {
    this.minCalls = minCalls;
    this.lastEndNanos = startNanos;
  }

  /**
   * A finished round.
   *
   * @param compileMillis the JVM's total compilation time now, or -1 when it cannot say (the JIT
   *     criterion is then left out)
   */
  void add(WarmUpCaller.Round round, long compileMillis) {
    medians.addLast(round.medianSetupNanos());
    if (medians.size() > WINDOW) {
      medians.removeFirst();
    }
    long wallMillis = Math.max(1, (round.endNanos() - lastEndNanos) / 1_000_000);
    jitQuiet =
        compileMillis < 0
            || (lastCompileMillis >= 0
                && compileMillis - lastCompileMillis < JIT_SHARE * wallMillis);
    lastCompileMillis = compileMillis;
    lastEndNanos = round.endNanos();
  }

  /** True when {@code answeredCalls} reached the minimum, the medians are steady, the JIT quiet. */
  boolean settled(int answeredCalls) {
    if (answeredCalls < minCalls || medians.size() < WINDOW || !jitQuiet) {
      return false;
    }
    long min = Long.MAX_VALUE;
    long max = 0;
    for (long m : medians) {
      min = Math.min(min, m);
      max = Math.max(max, m);
    }
    return max != Long.MAX_VALUE && max <= min * SPREAD + SLACK_NANOS;
  }
}
