package io.isthmus.media.control;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Settings of the NG command layer.
 *
 * @param deleteDelay how long a deleted call stays visible to {@code query}/{@code list} before its
 *     ports are freed ({@value #DEFAULT_DELETE_DELAY_SECONDS} s, rtpengine's {@code delete-delay}:
 *     a late retransmitted BYE or a query for CDR stats still finds the call); zero frees at once;
 *     a request's {@code delete-delay} key overrides it
 * @param wallClock wall time for the {@code created} and {@code last packet} fields of replies
 *     (epoch seconds, as rtpengine writes them)
 * @param limits rtpengine's limits on new calls ({@code max-sessions}, {@code max-load}, {@code
 *     max-cpu}, {@code max-bandwidth}); none by default
 * @param loadSource where {@code max-load} and {@code max-cpu} read the host's load (tests inject
 *     one)
 */
public record ControlConfig(
    Duration deleteDelay, InstantSource wallClock, LoadLimits limits, LoadSource loadSource) {

  public static final long DEFAULT_DELETE_DELAY_SECONDS = 30;

  public ControlConfig {
    Objects.requireNonNull(wallClock, "wallClock");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(loadSource, "loadSource");
    if (deleteDelay.isNegative()) {
      throw new IllegalArgumentException("negative delete delay " + deleteDelay);
    }
  }

  /** rtpengine's defaults: 30 s delete delay, the system wall clock, no load limits. */
  public static ControlConfig defaults() {
    return new ControlConfig(
        Duration.ofSeconds(DEFAULT_DELETE_DELAY_SECONDS),
        InstantSource.system(),
        LoadLimits.NONE,
        LoadSource.system());
  }

  public ControlConfig withDeleteDelay(Duration delay) {
    return new ControlConfig(delay, wallClock, limits, loadSource);
  }

  public ControlConfig withWallClock(InstantSource clock) {
    return new ControlConfig(deleteDelay, clock, limits, loadSource);
  }

  public ControlConfig withLimits(LoadLimits newLimits) {
    return new ControlConfig(deleteDelay, wallClock, newLimits, loadSource);
  }

  public ControlConfig withLoadSource(LoadSource source) {
    return new ControlConfig(deleteDelay, wallClock, limits, source);
  }
}
