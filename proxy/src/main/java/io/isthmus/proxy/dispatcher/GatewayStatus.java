package io.isthmus.proxy.dispatcher;

/**
 * One line of {@code ctl list gateways} (Kamailio's {@code dispatcher.list}).
 *
 * @param gateway the gateway as configured
 * @param state its health state
 * @param probingFlag whether it carries the probing flag ({@code P} vs {@code X})
 * @param activeCalls calls in progress on it (shared with gateways of the same duid)
 * @param lastProbeStatus status of the last probe, 0 for no reply, -1 if never probed
 * @param lastProbeLatencyNanos latency of the last probe, -1 if never probed
 */
public record GatewayStatus(
    Gateway gateway,
    GatewayState state,
    boolean probingFlag,
    int activeCalls,
    int lastProbeStatus,
    long lastProbeLatencyNanos) {

  /** Kamailio's two-letter flags column: state letter, then P (probing) or X. */
  public String kamailioFlags() {
    return "" + state.kamailioLetter() + (probingFlag ? 'P' : 'X');
  }
}
