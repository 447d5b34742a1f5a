package io.isthmus.proxy.transport;

import io.isthmus.proxy.network.Transport;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.Via;
import io.isthmus.sip.message.SipResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where a response goes, from the Via it is addressed to (RFC 3261 §18.2.2 with RFC 3581 §4). The
 * proxy first removes its own Via (§16.7 step 3); the then-top Via names the previous hop:
 *
 * <ol>
 *   <li>unreliable transport and {@code maddr}: that address, the sent-by port (default 5060);
 *   <li>{@code received}: that address, the {@code rport} value if there is one, else the sent-by
 *       port (default 5060). On TCP, received:rport is the remote end of the connection the request
 *       came on, so the connection table finds that same connection (§18.2.2);
 *   <li>a sent-by that is an IP address: it, with the rport or sent-by port;
 *   <li>a sent-by that is a host name: RFC 3263 §5 would resolve it; this proxy never queries DNS,
 *       so the response is unroutable. Requests it received always carry {@code received} when the
 *       sent-by is a name ({@link ViaStamper}), so only hand-made Vias get here.
 * </ol>
 */
public final class ResponseRouter {
  private ResponseRouter() {}

  /**
   * The destination of {@code response}, whose top Via must already be the previous hop's.
   *
   * @throws UnroutableResponseException when no destination can be derived without DNS
   */
  public static Destination destinationFor(SipResponse response)
      throws UnroutableResponseException {
    Via via;
    try {
      via = response.topVia();
    } catch (SipParseException e) {
      throw new UnroutableResponseException("top Via: " + e.getMessage());
    }
    return destinationFor(via);
  }

  /** The destination of a response addressed to {@code via}. */
  public static Destination destinationFor(Via via) throws UnroutableResponseException {
    Transport transport;
    try {
      transport = Transport.fromViaName(via.transport());
    } catch (IllegalArgumentException e) {
      throw new UnroutableResponseException(
          "unsupported transport '" + via.transport() + "' in Via " + via);
    }
    int sentByPort = via.port() > 0 ? via.port() : transport.defaultPort();
    String maddr = via.maddr();
    if (!transport.reliable() && maddr != null) {
      return new Destination(transport, address(maddr, sentByPort, "maddr", via));
    }
    int port = rport(via, sentByPort);
    String received = via.received();
    if (received != null) {
      return new Destination(transport, address(received, port, "received", via));
    }
    if (via.sentByHost().kind() == io.isthmus.sip.uri.Host.Kind.DOMAIN) {
      throw new UnroutableResponseException(
          "sent-by '"
              + via.host()
              + "' is a host name and the Via has no received parameter; "
              + "DNS resolution (RFC 3263 §5) is not supported");
    }
    return new Destination(transport, address(via.host(), port, "sent-by", via));
  }

  private static int rport(Via via, int fallback) throws UnroutableResponseException {
    String value = via.parameter("rport");
    if (value == null) {
      return fallback;
    }
    try {
      int p = Integer.parseInt(value);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new UnroutableResponseException("rport '" + value + "' is not a port in Via " + via);
  }

  private static InetSocketAddress address(String text, int port, String what, Via via)
      throws UnroutableResponseException {
    String literal =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    try {
      // ofLiteral never queries a resolver: a name is an error here
      return new InetSocketAddress(InetAddress.ofLiteral(literal), port);
    } catch (IllegalArgumentException e) {
      throw new UnroutableResponseException(
          what + " '" + text + "' is not an IP address in Via " + via);
    }
  }
}
