package io.isthmus.bench.proxyload;

import java.util.Locale;

/**
 * What one step of calls at a fixed rate cost a system.
 *
 * @param rate the target rate, calls/s
 * @param seconds how long sipp generated calls at that rate
 * @param attempted calls sipp started
 * @param successful calls that ran the scenario to the end
 * @param failed calls that failed (error response, timeout, failed check)
 * @param p50Millis median INVITE -> 200 OK time at the caller
 * @param p95Millis 95th percentile of the same
 * @param wallSeconds from the first INVITE to sipp's exit (generation, then the last calls)
 * @param cpuNanos CPU time of the system's processes during the step
 * @param machineBusyNanos CPU time of the whole machine during the step (all processes)
 * @param loadNanos CPU time of the load during the step: the calling sipp and the gateways' sipps
 */
record StepResult(
    int rate,
    int seconds,
    long attempted,
    long successful,
    long failed,
    double p50Millis,
    double p95Millis,
    double wallSeconds,
    long cpuNanos,
    long machineBusyNanos,
    long loadNanos) {

  /** The failure bound of a sustained rate: 0.1 % of the calls. */
  static final double MAX_FAILED_FRACTION = 0.001;

  /** The latency bound of a sustained rate: INVITE -> 200 p95 below 100 ms. */
  static final double MAX_P95_MILLIS = 100;

  /** CPU milliseconds per call attempted. */
  double cpuMillisPerCall() {
    return attempted == 0 ? Double.NaN : cpuNanos / 1e6 / attempted;
  }

  /** The load's (sipp's) CPU milliseconds per call attempted. */
  double loadMillisPerCall() {
    return attempted == 0 ? Double.NaN : loadNanos / 1e6 / attempted;
  }

  /** Calls that did not succeed (failed, or still unfinished when sipp was stopped). */
  double failedFraction() {
    return attempted == 0 ? 1 : (double) (attempted - successful) / attempted;
  }

  /**
   * Whether the system sustained the rate: few enough failures, fast enough answers, and sipp got
   * every call out (a system that slows the generator down has not kept up).
   */
  boolean sustained() {
    return attempted >= (long) rate * seconds
        && failedFraction() <= MAX_FAILED_FRACTION
        && p95Millis < MAX_P95_MILLIS;
  }

  /** One tab-separated line, the format {@link #parse} reads. */
  String toLine() {
    return String.format(
        Locale.ROOT,
        "%d\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d",
        rate,
        seconds,
        attempted,
        successful,
        failed,
        p50Millis,
        p95Millis,
        wallSeconds,
        cpuNanos,
        machineBusyNanos,
        loadNanos);
  }

  static StepResult parse(String line) {
    String[] f = line.split("\t");
    return new StepResult(
        Integer.parseInt(f[0]),
        Integer.parseInt(f[1]),
        Long.parseLong(f[2]),
        Long.parseLong(f[3]),
        Long.parseLong(f[4]),
        Double.parseDouble(f[5]),
        Double.parseDouble(f[6]),
        Double.parseDouble(f[7]),
        Long.parseLong(f[8]),
        Long.parseLong(f[9]),
        f.length > 10 ? Long.parseLong(f[10]) : 0);
  }
}
