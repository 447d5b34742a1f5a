package io.isthmus.proxy.media;

import java.time.Duration;

/**
 * When {@link NgMediaControl} forgets which relay node a call is pinned to, for calls whose delete
 * never comes (a lost BYE, a proxy restart in between, another instance's call).
 *
 * @param offerTimeout a call that got an offer but never an answer is unpinned after this long
 *     without a command (default {@link #DEFAULT_OFFER_TIMEOUT}: rtpengine's own {@code
 *     offer-timeout}, after which the relay has dropped such a call itself)
 * @param idleTimeout any call is unpinned after this long without a command (default {@link
 *     #DEFAULT_IDLE_TIMEOUT}: twice the proxy core's 12 h session expiry, which deletes an answered
 *     call itself, so this only catches calls the core never knew)
 * @param sweepInterval how often pins are checked (default {@link #DEFAULT_SWEEP_INTERVAL})
 */
public record PinExpiry(Duration offerTimeout, Duration idleTimeout, Duration sweepInterval) {
  /** rtpengine {@code offer-timeout} default: 3600 s. */
  public static final Duration DEFAULT_OFFER_TIMEOUT = Duration.ofHours(1);

  /** 24 h. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(24);

  /** A minute: pins are small and a late unpin costs nothing but memory. */
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

  public static final PinExpiry DEFAULTS =
      new PinExpiry(DEFAULT_OFFER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_SWEEP_INTERVAL);

  public PinExpiry {
    for (Duration d : new Duration[] {offerTimeout, idleTimeout, sweepInterval}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("pin expiry durations must be positive: " + d);
      }
    }
  }
}
