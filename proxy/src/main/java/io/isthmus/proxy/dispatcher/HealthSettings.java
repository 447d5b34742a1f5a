package io.isthmus.proxy.dispatcher;

import java.util.Objects;

/**
 * The rules the {@link HealthMonitor} applies.
 *
 * @param failureThreshold failed probes in a row that take an active gateway to inactive (Kamailio
 *     {@code ds_probing_threshold}, default {@value #DEFAULT_FAILURE_THRESHOLD})
 * @param successThreshold successful probes in a row that bring an inactive gateway back (Kamailio
 *     {@code ds_inactive_threshold}, default {@value #DEFAULT_SUCCESS_THRESHOLD})
 * @param acceptedReplies codes besides 2xx that count as an answer ({@code ds_ping_reply_codes}); a
 *     probe that got no reply at all is a failure whatever this holds
 * @param probingMode which gateways are probed
 */
public record HealthSettings(
    int failureThreshold,
    int successThreshold,
    StatusSet acceptedReplies,
    ProbingMode probingMode) {

  /** Kamailio's default: one failed probe marks a gateway down. */
  public static final int DEFAULT_FAILURE_THRESHOLD = 1;

  /** Kamailio's default: one answered probe brings a gateway back. */
  public static final int DEFAULT_SUCCESS_THRESHOLD = 1;

  /** Kamailio's thresholds, only 2xx accepted, every gateway probed. */
  public static final HealthSettings DEFAULTS =
      new HealthSettings(
          DEFAULT_FAILURE_THRESHOLD, DEFAULT_SUCCESS_THRESHOLD, StatusSet.NONE, ProbingMode.ALL);

  public HealthSettings {
    if (failureThreshold < 1 || successThreshold < 1) {
      throw new IllegalArgumentException("health thresholds must be at least 1");
    }
    Objects.requireNonNull(acceptedReplies, "acceptedReplies");
    Objects.requireNonNull(probingMode, "probingMode");
  }

  /** Whether a probe answered with {@code status} counts as the gateway being up. */
  public boolean accepts(int status) {
    return (status >= 200 && status <= 299) || acceptedReplies.contains(status);
  }
}
