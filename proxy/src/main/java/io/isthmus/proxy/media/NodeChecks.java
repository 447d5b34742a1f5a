package io.isthmus.proxy.media;

import java.time.Duration;

/**
 * How {@link NgMediaControl} watches its relay nodes.
 *
 * @param replyTimeout a request unanswered this long marks its node down, and every request still
 *     waiting on that node is given up on at once (default {@link #DEFAULT_REPLY_TIMEOUT}: the NG
 *     client's first resend, Kamailio's {@code rtpengine_tout_ms}). The NG client keeps resending,
 *     so a late reply is still heard and what it created is deleted
 * @param probeInterval how often a down node is pinged (default {@link #DEFAULT_PROBE_INTERVAL}): a
 *     node that answers again is back within this much of its return
 * @param reconcileInterval how often each up node's {@code list} is compared with the calls pinned
 *     to it (default {@link #DEFAULT_RECONCILE_INTERVAL}); {@link Duration#ZERO} turns it off (for
 *     a relay shared with other NG clients, whose calls must not be deleted)
 */
public record NodeChecks(
    Duration replyTimeout, Duration probeInterval, Duration reconcileInterval) {
  /**
   * 1 s: Kamailio's {@code rtpengine_tout_ms}; a relay on the same host answers in well under 1 ms.
   */
  public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(1);

  /**
   * 50 ms: a returning node carries calls again within about that (the target is 100 ms); a
   * ping to a dead node is one small datagram and an ICMP error back.
   */
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(50);

  /**
   * 10 s: catches what no command reported (a relay restarted between two probes, a media timeout
   * of the relay, a session whose delete was lost) within seconds, for one {@code list} per node.
   */
  public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(10);

  public static final NodeChecks DEFAULTS =
      new NodeChecks(DEFAULT_REPLY_TIMEOUT, DEFAULT_PROBE_INTERVAL, DEFAULT_RECONCILE_INTERVAL);

  public NodeChecks {
    if (replyTimeout.isNegative() || replyTimeout.isZero()) {
      throw new IllegalArgumentException("reply timeout must be positive: " + replyTimeout);
    }
    if (probeInterval.isNegative() || probeInterval.isZero()) {
      throw new IllegalArgumentException("probe interval must be positive: " + probeInterval);
    }
    if (reconcileInterval.isNegative()) {
      throw new IllegalArgumentException("reconcile interval is negative: " + reconcileInterval);
    }
  }

  /** A copy with another probe interval. */
  public NodeChecks withProbeInterval(Duration d) {
    return new NodeChecks(replyTimeout, d, reconcileInterval);
  }
}
