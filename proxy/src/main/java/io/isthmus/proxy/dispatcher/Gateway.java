package io.isthmus.proxy.dispatcher;

import io.isthmus.sip.uri.SipUri;
import java.util.Objects;

/**
 * One destination of a gateway set, as configured (immutable). Its live state is kept by the {@link
 * HealthMonitor} under {@link #key()}, so it survives a reload that keeps the gateway.
 *
 * @param setId the set (Kamailio group) it belongs to
 * @param uri the destination, sent to as the next hop (Kamailio {@code $du})
 * @param flags the initial flags ({@link GatewayFlags})
 * @param priority ordering inside the set: higher first
 * @param attrs the parsed attributes
 */
public record Gateway(int setId, SipUri uri, int flags, int priority, GatewayAttrs attrs) {

  public Gateway {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(attrs, "attrs");
  }

  /** The identity across reloads: set id and destination URI (case-insensitive, as Kamailio). */
  public GatewayKey key() {
    return GatewayKey.of(setId, uri);
  }

  /** Whether keepalives may be sent to it at all (not flagged {@link GatewayFlags#NO_PING}). */
  public boolean pingable() {
    return (flags & GatewayFlags.NO_PING) == 0;
  }

  @Override
  public String toString() {
    return setId + " " + uri;
  }
}
