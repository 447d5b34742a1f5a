package io.isthmus.app.config;

import io.isthmus.proxy.dispatcher.HealthSettings;
import io.isthmus.proxy.dispatcher.ProbeSettings;
import io.isthmus.proxy.dispatcher.ProbingMode;
import io.isthmus.proxy.dispatcher.StatusSet;
import java.time.Duration;

/**
 * {@code dispatcher.probing:} the keepalive OPTIONS that find dead gateways, and how many answers
 * change a gateway's state. Defaults are the dispatcher's own ({@link ProbeSettings}, {@link
 * HealthSettings}), whose Javadoc gives the reasons.
 */
public record ProbingConfig(
    Duration interval,
    Duration timeout,
    Duration downInterval,
    ProbingMode mode,
    int failureThreshold,
    int successThreshold,
    StatusSet acceptedReplies) {

  /** Time between probing rounds; default 10 s ({@link ProbeSettings#DEFAULT_INTERVAL_SECONDS}). */
  public static final String KEY_INTERVAL = "interval";

  /** Time a probe waits; default 5 s ({@link ProbeSettings#DEFAULT_TIMEOUT_SECONDS}). */
  public static final String KEY_TIMEOUT = "timeout";

  /**
   * Time between probes of a gateway that is down (and their longest wait); default 500 ms ({@link
   * ProbeSettings#DEFAULT_DOWN_INTERVAL}).
   */
  public static final String KEY_DOWN_INTERVAL = "down-interval";

  /** Which gateways are probed: all (default), inactive-only, flagged. */
  public static final String KEY_MODE = "mode";

  /** Failed probes that mark a gateway down; default 1, as Kamailio. */
  public static final String KEY_FAILURE_THRESHOLD = "failure-threshold";

  /** Answered probes that bring a gateway back; default 1, as Kamailio. */
  public static final String KEY_SUCCESS_THRESHOLD = "success-threshold";

  /** Codes besides 2xx that count as alive ({@code ds_ping_reply_codes}); default none. */
  public static final String KEY_ACCEPTED_REPLIES = "accepted-replies";

  /** The dispatcher's defaults. */
  public static final ProbingConfig DEFAULTS =
      new ProbingConfig(
          ProbeSettings.DEFAULTS.interval(),
          ProbeSettings.DEFAULTS.timeout(),
          ProbeSettings.DEFAULTS.downInterval(),
          HealthSettings.DEFAULTS.probingMode(),
          HealthSettings.DEFAULTS.failureThreshold(),
          HealthSettings.DEFAULTS.successThreshold(),
          HealthSettings.DEFAULTS.acceptedReplies());

  /** When probes are sent. */
  public ProbeSettings probeSettings() {
    return new ProbeSettings(interval, timeout, downInterval);
  }

  /** How probe results change gateway states. */
  public HealthSettings healthSettings() {
    return new HealthSettings(failureThreshold, successThreshold, acceptedReplies, mode);
  }
}
