package io.isthmus.proxy.core;

import io.isthmus.proxy.network.Transport;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.sip.uri.Host;
import io.isthmus.sip.uri.SipUri;
import io.isthmus.sip.uri.Uri;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The address a request is sent to from a URI (a Route, the Request-URI or a gateway URI): an IP
 * literal, the port (5060 when absent) and the {@code transport} parameter (UDP when absent). A
 * host name has no destination here: {@link NamedHop} resolves it (RFC 3263) first.
 */
final class NextHop {
  private NextHop() {}

  /** Why a URI cannot be sent to. */
  static final class Unroutable extends Exception {
    private static final long serialVersionUID = 1L;

    Unroutable(String message) {
      super(message, null, false, false);
    }
  }

  static Destination of(Uri uri) throws Unroutable {
    if (!(uri instanceof SipUri sip)) {
      throw new Unroutable("next hop " + uri + " is not a SIP URI");
    }
    Host host = sip.hostAddress();
    if (host.kind() == Host.Kind.DOMAIN) {
      throw new Unroutable("next hop host " + sip.host() + " is a name (no resolver)");
    }
    Transport transport;
    try {
      transport = sip.transport() == null ? Transport.UDP : Transport.fromViaName(sip.transport());
    } catch (IllegalArgumentException e) {
      throw new Unroutable("next hop " + sip + ": " + e.getMessage());
    }
    if (sip.secure()) {
      // RFC 3261 §26.2.2, RFC 5630 §3.1.3: a sips: hop is reached over TLS only
      if (transport == Transport.UDP && sip.transport() != null) {
        throw new Unroutable("next hop " + sip + ": a sips: URI cannot use transport=udp");
      }
      transport = Transport.TLS;
    }
    int port = sip.port() > 0 ? sip.port() : transport.defaultPort();
    try {
      return new Destination(
          transport, new InetSocketAddress(InetAddress.getByAddress(host.address()), port));
    } catch (UnknownHostException e) {
      throw new Unroutable("next hop address of " + sip + " is invalid");
    }
  }
}
