package io.isthmus.proxy.dispatcher;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the {@link Dispatcher} selects and fails over.
 *
 * @param defaultAlgorithm the algorithm of sets without their own (default {@link
 *     Algorithm#ROUND_ROBIN}, the reference scenario's choice)
 * @param setAlgorithms algorithms of particular sets, by set id
 * @param failoverStatuses final responses from a gateway that send the call to the next gateway and
 *     mark the gateway down (default 408 and 5xx: the gateway timed out or failed, while 4xx and
 *     6xx are answers about the call that another gateway would repeat)
 * @param noResponseTimeout how long a gateway may stay silent (not even 100 Trying) before the call
 *     moves on (default {@link #DEFAULT_NO_RESPONSE_TIMEOUT}; Kamailio's tm {@code fr_timer} is 30
 *     s, which leaves callers waiting far too long behind a dead gateway)
 * @param hashUserOnly hash only the user part of From/To URIs (Kamailio modparam {@code flags=1})
 */
public record DispatcherSettings(
    Algorithm defaultAlgorithm,
    Map<Integer, Algorithm> setAlgorithms,
    StatusSet failoverStatuses,
    Duration noResponseTimeout,
    boolean hashUserOnly) {

  /**
   * Time a gateway gets to send any response (a provisional) before the call fails over: the INVITE
   * and its first retransmission (T1) unanswered.
   */
  public static final Duration DEFAULT_NO_RESPONSE_TIMEOUT = Duration.ofSeconds(1);

  /** 408 Request Timeout and every 5xx. */
  public static final StatusSet DEFAULT_FAILOVER_STATUSES =
      StatusSet.codes(408).union(StatusSet.classes(5));

  /** Round robin, failover on 408/5xx, 1 s without response. */
  public static final DispatcherSettings DEFAULTS =
      new DispatcherSettings(
          Algorithm.ROUND_ROBIN,
          Map.of(),
          DEFAULT_FAILOVER_STATUSES,
          DEFAULT_NO_RESPONSE_TIMEOUT,
          false);

  public DispatcherSettings {
    Objects.requireNonNull(defaultAlgorithm, "defaultAlgorithm");
    setAlgorithms = Map.copyOf(setAlgorithms);
    Objects.requireNonNull(failoverStatuses, "failoverStatuses");
    if (noResponseTimeout.isNegative() || noResponseTimeout.isZero()) {
      throw new IllegalArgumentException("noResponseTimeout must be positive");
    }
  }

  /** These settings with {@code algorithm} as the default. */
  public DispatcherSettings withAlgorithm(Algorithm algorithm) {
    return new DispatcherSettings(
        algorithm, setAlgorithms, failoverStatuses, noResponseTimeout, hashUserOnly);
  }

  /** The algorithm for set {@code setId}. */
  public Algorithm algorithmOf(int setId) {
    return setAlgorithms.getOrDefault(setId, defaultAlgorithm);
  }
}
