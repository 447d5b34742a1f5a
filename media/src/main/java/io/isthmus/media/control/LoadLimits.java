package io.isthmus.media.control;

/**
 * rtpengine's limits on new calls ({@code max-sessions}, {@code max-load}, {@code max-cpu}, {@code
 * max-bandwidth}): an {@code offer} that would create a call is refused while one of them is
 * reached; offers for calls the relay holds (re-INVITEs, forks) always pass.
 *
 * @param maxSessions calls held (including those waiting out their delete delay) at which new ones
 *     are refused; -1 for no limit (rtpengine's default), 0 refuses every new call (draining)
 * @param maxLoad 1-minute load average at which new calls are refused; 0 for none
 * @param maxCpu CPU usage in percent at which new calls are refused; 0 for none
 * @param maxBandwidth bytes per second received by the relay (sampled each second) at which new
 *     calls are refused; 0 for none
 */
public record LoadLimits(int maxSessions, double maxLoad, double maxCpu, long maxBandwidth) {

  /** No limit, rtpengine's default. */
  public static final LoadLimits NONE = new LoadLimits(-1, 0, 0, 0);

  public LoadLimits {
    if (maxSessions < -1) {
      throw new IllegalArgumentException("max-sessions below -1: " + maxSessions);
    }
    if (!(maxLoad >= 0) || !(maxCpu >= 0) || maxBandwidth < 0) {
      throw new IllegalArgumentException(
          "negative load limit: " + maxLoad + ", " + maxCpu + ", " + maxBandwidth);
    }
  }

  public LoadLimits withMaxSessions(int limit) {
    return new LoadLimits(limit, maxLoad, maxCpu, maxBandwidth);
  }

  /** Whether anything must be sampled (load, CPU or traffic). */
  boolean needsSampling() {
    return maxLoad > 0 || maxCpu > 0 || maxBandwidth > 0;
  }
}
