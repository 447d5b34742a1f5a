package io.isthmus.proxy.core;

import io.isthmus.proxy.network.Network;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipRequest;
import java.util.List;

/**
 * The two legs a request crosses: the socket it came in on (its network) and the network it goes
 * out to. Everything that depends on that pair is decided here, once: the media direction the relay
 * is told (rtpengine's {@code direction}, the interfaces of the offerer's and the answerer's side)
 * and the forwarding edits of a request leaving on an egress socket.
 *
 * @param in the socket the request arrived on
 * @param out the network it leaves to (a call's target network, or a loose-routed request's next
 *     hop network)
 */
record Legs(LocalSockets.Local in, Network out) {

  /** The direction of an offer from the inbound side: [inbound interface, outbound interface]. */
  List<String> offerDirection() {
    return List.of(in.network().mediaInterface(), out.mediaInterface());
  }

  /** The direction of an offer from the outbound side (late offer, callee's re-offer). */
  List<String> answererDirection() {
    return List.of(out.mediaInterface(), in.network().mediaInterface());
  }

  /** The request to send out of {@code egress} (RFC 3261 §16.6): see {@link Forwarding#request}. */
  SipRequest forward(
      SipRequest routed,
      Routing.Egress egress,
      String branch,
      boolean recordRoute,
      byte[] body,
      int maxForwards)
      throws SipParseException {
    return Forwarding.request(routed, in, egress.socket(), branch, recordRoute, body, maxForwards);
  }
}
