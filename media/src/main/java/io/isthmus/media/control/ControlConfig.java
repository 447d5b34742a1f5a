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
 */
public record ControlConfig(Duration deleteDelay, InstantSource wallClock) {

  public static final long DEFAULT_DELETE_DELAY_SECONDS = 30;

  public ControlConfig {
    Objects.requireNonNull(wallClock, "wallClock");
    if (deleteDelay.isNegative()) {
      throw new IllegalArgumentException("negative delete delay " + deleteDelay);
    }
  }

  /** rtpengine's defaults: 30 s delete delay, the system wall clock. */
  public static ControlConfig defaults() {
    return new ControlConfig(
        Duration.ofSeconds(DEFAULT_DELETE_DELAY_SECONDS), InstantSource.system());
  }

  public ControlConfig withDeleteDelay(Duration delay) {
    return new ControlConfig(delay, wallClock);
  }

  public ControlConfig withWallClock(InstantSource clock) {
    return new ControlConfig(deleteDelay, clock);
  }
}
