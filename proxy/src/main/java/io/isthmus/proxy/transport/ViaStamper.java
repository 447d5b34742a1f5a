package io.isthmus.proxy.transport;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.Via;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.uri.Host;
import io.isthmus.sip.uri.IpLiterals;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Marks where a request really came from in its top Via, so that responses find their way back:
 *
 * <ul>
 *   <li>RFC 3261 §18.2.1: {@code received=<source address>} when the sent-by host is a name or an
 *       address other than the packet source;
 *   <li>RFC 3581 §4: when the Via has {@code rport} without a value, fill it with the source port,
 *       and add {@code received} even if the address matches.
 * </ul>
 *
 * A request that needs neither is returned as it is (no copy); otherwise the top Via value is
 * rewritten through the sip module's editor and the request re-parsed.
 */
public final class ViaStamper {
  private ViaStamper() {}

  /**
   * The request with its top Via stamped for a packet from {@code source}:{@code sourcePort}.
   *
   * @throws SipParseException when the top Via is missing or malformed
   */
  public static SipRequest stamp(SipRequest request, InetAddress source, int sourcePort)
      throws SipParseException {
    Via top = request.topVia();
    boolean fillRport = top.hasRport() && top.parameter("rport") == null;
    boolean differs = !sameAddress(top.sentByHost(), source);
    if (!fillRport && !differs) {
      return request;
    }
    String received = IpLiterals.format(source);
    if (!fillRport && received.equals(top.received())) {
      return request; // already stamped (a retransmission we saw before, or a careful client)
    }
    Via stamped = top.withReceived(received);
    if (fillRport) {
      stamped = stamped.withRport(sourcePort);
    }
    // removeTopVia takes the first value off a comma list; pushVia puts ours on its own line above
    return request.edit().removeTopVia().pushVia(stamped.toString()).build();
  }

  /** True when the sent-by host is an IP literal equal to {@code source}. */
  static boolean sameAddress(Host host, InetAddress source) {
    if (host.kind() == Host.Kind.DOMAIN) {
      return false;
    }
    return Arrays.equals(host.address(), source.getAddress());
  }
}
