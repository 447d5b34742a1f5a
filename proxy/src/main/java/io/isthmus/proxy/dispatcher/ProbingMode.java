package io.isthmus.proxy.dispatcher;

/**
 * Which gateways the {@link Prober} sends keepalive OPTIONS to ({@code ds_probing_mode}). Disabled
 * gateways and those flagged {@link GatewayFlags#NO_PING} are never probed.
 */
public enum ProbingMode {
  /**
   * Kamailio 1: every gateway. A failed probe on an active gateway counts towards the failure
   * threshold; the default here, because probing is how down gateways get skipped.
   */
  ALL,
  /**
   * Kamailio 2: only gateways that are not known good (states {@link GatewayState#INACTIVE} and
   * {@link GatewayState#PROBING}); active gateways are only marked down by failed calls.
   */
  INACTIVE_ONLY,
  /**
   * Kamailio 3 (and 0): only gateways carrying the probing flag: flag 8 in the list, or set when
   * the gateway went inactive. Kamailio 0 also clears the flag after a successful probe; here the
   * flag stays, as with 3.
   */
  FLAGGED;

  /** The mode for Kamailio's {@code ds_probing_mode} value. */
  public static ProbingMode ofKamailio(int mode) {
    return switch (mode) {
      case 0, 3 -> FLAGGED;
      case 1 -> ALL;
      case 2 -> INACTIVE_ONLY;
      default -> throw new IllegalArgumentException("ds_probing_mode " + mode + " is not 0..3");
    };
  }
}
