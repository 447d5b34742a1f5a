package io.isthmus.proxy.core;

import io.isthmus.proxy.media.MediaAnswer;
import io.isthmus.proxy.media.MediaResult;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.proxy.transport.ResponseRouter;
import io.isthmus.proxy.transport.UnroutableResponseException;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the core forwards without a transaction: the ACK of a 2xx (its own transaction end to end,
 * §17.1.1.3), loose-routed, and a 2xx to an INVITE that no client transaction matches any more
 * (§16.7 step 1, RFC 6026), relayed to the Via under ours. A message that cannot be sent on is
 * counted as dropped.
 */
final class StatelessRelay {
  private static final Logger LOG = LoggerFactory.getLogger(StatelessRelay.class);

  private StatelessRelay() {}

  /** Relays {@code received} to the Via below ours (§18.2.2), from the socket of its network. */
  static void response(CoreContext ctx, SipResponse received) {
    try {
      SipResponse response = received.edit().removeTopVia().build();
      Destination d = ResponseRouter.destinationFor(response);
      Routing.Egress out = ctx.routing().egress(d, null, null);
      ctx.transport().send(response, out.hop(), e -> sendFailed("response", e));
    } catch (UnroutableResponseException | NextHop.Unroutable | RuntimeException e) {
      ctx.counters().dropped(SipCounters.Drop.UNROUTABLE);
      LOG.debug("stray response dropped: {}", e.toString());
    }
  }

  /**
   * Loose-routes an ACK for a 2xx; with SDP it is the answer to an offer the 2xx carried (late
   * offer), from-tag = the ACK's To tag (rtpengine a.4), through the dialog's media session. A next
   * hop given by host name (a Route, the callee's Contact) is resolved first (RFC 3263) and the ACK
   * goes to its first target: a 2xx's ACK has no response to fail over on.
   */
  static void ack(
      CoreContext ctx,
      SipRequest ack,
      LocalSockets.Local in,
      RouteProcessing.Routed routed,
      String hash)
      throws SipParseException {
    try {
      NamedHop.destinations(
          ctx,
          routed.nextHop(),
          ds -> {
            if (ds.isEmpty()) {
              ctx.counters().dropped(SipCounters.Drop.UNROUTABLE);
              LOG.debug("ACK dropped: next hop {} resolves to nothing", routed.nextHop());
              return;
            }
            try {
              ackTo(ctx, ds.getFirst(), in, routed, hash);
            } catch (SipParseException e) {
              ctx.counters().dropped(SipCounters.Drop.UNROUTABLE);
              LOG.debug("ACK not forwarded: {}", e.toString());
            }
          });
    } catch (NextHop.Unroutable e) {
      ctx.counters().dropped(SipCounters.Drop.UNROUTABLE);
      LOG.debug("ACK dropped: {}", e.getMessage());
    }
  }

  private static void ackTo(
      CoreContext ctx,
      Destination d,
      LocalSockets.Local in,
      RouteProcessing.Routed routed,
      String hash)
      throws SipParseException {
    Routing.Egress out;
    try {
      out = ctx.routing().egress(d, ctx.routing().targetFor(in.network()), null);
    } catch (NextHop.Unroutable e) {
      ctx.counters().dropped(SipCounters.Drop.UNROUTABLE);
      LOG.debug("ACK dropped: {}", e.getMessage());
      return;
    }
    Legs legs = new Legs(in, out.network());
    SipRequest request = routed.request();
    String toTag = request.to().tag();
    String fromTag = request.from().tag();
    if (!Forwarding.hasSdp(request) || toTag == null || fromTag == null) {
      send(ctx, legs, request, out, hash, null);
      return;
    }
    ctx.dialogMedia(request.callId(), fromTag, toTag)
        .answer(
            new MediaAnswer(
                request.callId(), toTag, fromTag, null, request.bodyBytes(), legs.offerDirection()),
            r ->
                send(
                    ctx,
                    legs,
                    request,
                    out,
                    hash,
                    r instanceof MediaResult.Sdp s ? s.sdp() : null));
  }

  private static void send(
      CoreContext ctx, Legs legs, SipRequest ack, Routing.Egress out, String hash, byte[] body) {
    try {
      SipRequest forwarded =
          legs.forward(ack, out, Branches.branch(hash, 0), false, body, ctx.config().maxForwards());
      ctx.transport().send(forwarded, out.hop(), e -> sendFailed("ACK", e));
    } catch (SipParseException | RuntimeException e) {
      ctx.counters().dropped(SipCounters.Drop.UNROUTABLE);
      LOG.debug("ACK not forwarded: {}", e.toString());
    }
  }

  private static void sendFailed(String what, Throwable e) {
    LOG.debug("{} not sent: {}", what, e.toString());
  }
}
