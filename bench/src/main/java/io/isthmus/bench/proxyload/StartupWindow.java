package io.isthmus.bench.proxyload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One second of a fresh-start run: the calls that started in it (counted from the system's ready
 * line), how many of them failed, and their INVITE -> 200 OK times.
 *
 * @param second the window, [second, second + 1) s after ready
 * @param attempted calls started in the window
 * @param failed of those, calls not answered or not ended
 * @param p50Millis median INVITE -> 200 of the answered ones (NaN without any)
 * @param p95Millis 95th percentile of the same
 */
record StartupWindow(int second, int attempted, int failed, double p50Millis, double p95Millis) {

  /** A window at full speed: every call set up, p95 below the sustained-rate bound. */
  boolean fullSpeed() {
    return attempted > 0 && failed == 0 && p95Millis < StepResult.MAX_P95_MILLIS;
  }

  /** The calls bucketed by their start, second by second after {@code readyMicros}. */
  static List<StartupWindow> of(List<CallTimeline.CallRecord> calls, long readyMicros) {
    int last = -1;
    for (CallTimeline.CallRecord c : calls) {
      last = Math.max(last, (int) ((c.startMicros() - readyMicros) / 1_000_000L));
    }
    List<StartupWindow> out = new ArrayList<>();
    for (int s = 0; s <= last; s++) {
      int attempted = 0;
      int failed = 0;
      List<Integer> setup = new ArrayList<>();
      for (CallTimeline.CallRecord c : calls) {
        if ((int) ((c.startMicros() - readyMicros) / 1_000_000L) != s) {
          continue;
        }
        attempted++;
        if (c.failed()) {
          failed++;
        }
        if (c.answeredMicros() >= 0) {
          setup.add((int) Math.round(c.setupMillis()));
        }
      }
      out.add(
          new StartupWindow(
              s,
              attempted,
              failed,
              SippCaller.percentile(setup, 0.50),
              SippCaller.percentile(setup, 0.95)));
    }
    return out;
  }

  /**
   * The first second from which every window is at full speed, or -1 if the last one is not (the
   * system never got there).
   */
  static int timeToFullSpeed(List<StartupWindow> windows) {
    int from = -1;
    for (StartupWindow w : windows) {
      if (w.attempted() == 0) {
        continue; // before sipp's first call: nothing to judge
      }
      if (!w.fullSpeed()) {
        from = -1;
      } else if (from < 0) {
        from = w.second();
      }
    }
    return from;
  }

  String toLine() {
    return String.format(
        Locale.ROOT,
        "%4d s %6d %6d %8.0f %8.0f %s",
        second,
        attempted,
        failed,
        p50Millis,
        p95Millis,
        fullSpeed() ? "" : "<");
  }
}
