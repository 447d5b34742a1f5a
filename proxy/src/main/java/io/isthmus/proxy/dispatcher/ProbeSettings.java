package io.isthmus.proxy.dispatcher;

import java.time.Duration;

/**
 * When the {@link Prober} sends keepalives.
 *
 * @param interval time between two probing rounds (default {@value #DEFAULT_INTERVAL_SECONDS} s;
 *     Kamailio's {@code ds_ping_interval} defaults to 0 = off, but here probing is how down
 *     gateways are skipped, so it is on by default at the value most Kamailio configs use)
 * @param timeout how long a probe waits for a final response before it counts as failed (default
 *     {@value #DEFAULT_TIMEOUT_SECONDS} s). Kamailio has no probe timeout of its own and waits for
 *     tm's 30 s {@code fr_timer}, so a silent gateway takes 30 s to be marked down (kamailio#3446);
 *     must not exceed the interval
 */
public record ProbeSettings(Duration interval, Duration timeout) {

  /** Seconds between probing rounds. */
  public static final int DEFAULT_INTERVAL_SECONDS = 10;

  /** Seconds a probe waits for its answer. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 5;

  /** 10 s interval, 5 s timeout. */
  public static final ProbeSettings DEFAULTS =
      new ProbeSettings(
          Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS),
          Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS));

  public ProbeSettings {
    if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("probe interval and timeout must be positive");
    }
    if (timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException(
          "probe timeout " + timeout + " is longer than the interval " + interval);
    }
  }
}
