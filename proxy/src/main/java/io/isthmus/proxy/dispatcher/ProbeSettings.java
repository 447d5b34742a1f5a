package io.isthmus.proxy.dispatcher;

import java.time.Duration;

/**
 * When the {@link Prober} sends keepalives.
 *
 * @param interval time between two probing rounds of the gateways that are up (default {@value
 *     #DEFAULT_INTERVAL_SECONDS} s; Kamailio's {@code ds_ping_interval} defaults to 0 = off, but
 *     here probing is how down gateways are skipped, so it is on by default at the value most
 *     Kamailio configs use)
 * @param timeout how long a probe waits for a final response before it counts as failed (default
 *     {@value #DEFAULT_TIMEOUT_SECONDS} s). Kamailio has no probe timeout of its own and waits for
 *     tm's 30 s {@code fr_timer}, so a silent gateway takes 30 s to be marked down (kamailio#3446);
 *     must not exceed the interval
 * @param downInterval time between two probes of a gateway that is down or suspect (inactive,
 *     probing), and how long such a probe waits at most (default {@link #DEFAULT_DOWN_INTERVAL}): a
 *     gateway that comes back carries calls again within about this long, and one that a single
 *     failed call took out is not lost for a whole interval. Kamailio probes every gateway at the
 *     one {@code ds_ping_interval}; no longer than the interval
 */
public record ProbeSettings(Duration interval, Duration timeout, Duration downInterval) {

  /** Seconds between probing rounds. */
  public static final int DEFAULT_INTERVAL_SECONDS = 10;

  /** Seconds a probe waits for its answer. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 5;

  /** Time between probes of a gateway that is down. */
  public static final Duration DEFAULT_DOWN_INTERVAL = Duration.ofMillis(500);

  /** 10 s interval, 5 s timeout, down gateways every 500 ms. */
  public static final ProbeSettings DEFAULTS =
      new ProbeSettings(
          Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS),
          Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS),
          DEFAULT_DOWN_INTERVAL);

  /** Down gateways probed at the same pace as live ones (Kamailio's one interval). */
  public ProbeSettings(Duration interval, Duration timeout) {
    this(interval, timeout, interval);
  }

  public ProbeSettings {
    if (interval.isNegative()
        || interval.isZero()
        || timeout.isNegative()
        || timeout.isZero()
        || downInterval.isNegative()
        || downInterval.isZero()) {
      throw new IllegalArgumentException("probe intervals and timeout must be positive");
    }
    if (timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException(
          "probe timeout " + timeout + " is longer than the interval " + interval);
    }
    if (downInterval.compareTo(interval) > 0) {
      throw new IllegalArgumentException(
          "down-gateway probe interval "
              + downInterval
              + " is longer than the interval "
              + interval);
    }
  }

  /** How long a probe of a gateway that is down waits: the timeout, at most the down interval. */
  public Duration downTimeout() {
    return timeout.compareTo(downInterval) < 0 ? timeout : downInterval;
  }

  /** Whether down gateways have rounds of their own (a down interval shorter than the interval). */
  public boolean fastDownRounds() {
    return downInterval.compareTo(interval) < 0;
  }
}
