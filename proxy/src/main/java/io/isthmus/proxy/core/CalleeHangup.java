package io.isthmus.proxy.core;

import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.Hop;
import io.isthmus.proxy.transaction.Timeout;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.uri.Uri;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a dialog that a callee's 2xx opened but that the caller will never see: the proxy acts as
 * the UAC of that dialog for two requests, an ACK (RFC 3261 §13.2.2.4: every 2xx is acknowledged,
 * else the callee retransmits it for 32 s and then hangs up on its own) and a BYE (§15.1.1).
 *
 * <p>Both follow the dialog the 2xx describes (§12.1.2): Request-URI = the 2xx Contact, Route = the
 * Record-Route values the callee side added above our own (nearest to us first), From/To/Call-ID as
 * in the 2xx, CSeq = the INVITE's number (ACK) and one more (BYE). The ACK goes without SDP even
 * for a late offer (the answer it should carry is what the relay failed to produce); the BYE
 * follows at once, so the callee never gets to use that answer.
 */
final class CalleeHangup implements BranchOwner {
  private static final Logger LOG = LoggerFactory.getLogger(CalleeHangup.class);

  private final CoreContext ctx;
  private final String callId;
  private final String calleeTag;
  private SipRequest ack; // null until the next hop is known (a name is being resolved)
  private Hop hop;
  private boolean done;

  private CalleeHangup(CoreContext ctx, String callId, String calleeTag) {
    this.ctx = ctx;
    this.callId = callId;
    this.calleeTag = calleeTag;
  }

  /**
   * Sends the ACK and the BYE for {@code ok}; returns the hang-up (to re-send the ACK on a 2xx
   * retransmission), or empty when the 2xx lacks what a dialog needs. A next hop given by host name
   * (the Contact, a Record-Route) is resolved first (RFC 3263): both go to its first target once
   * the answer is in.
   */
  static Optional<CalleeHangup> start(CoreContext ctx, SipResponse ok, Legs legs) {
    try {
      Uri contact = ok.contacts().addresses().getFirst().uri();
      // Record-Route at the callee: the proxy nearest to it on top; the ones above ours are our
      // way on, nearest to us first
      List<NameAddress> above = new ArrayList<>();
      for (NameAddress rr : ok.recordRoutes()) {
        if (ctx.routing().sockets().isUs(rr.uri())) {
          break; // ours and below lead back to the caller
        }
        above.addFirst(rr);
      }
      Uri next = above.isEmpty() ? contact : above.getFirst().uri();
      CalleeHangup h = new CalleeHangup(ctx, ok.callId(), ok.to().tag());
      NamedHop.destinations(
          ctx,
          next,
          ds -> {
            if (ds.isEmpty()) {
              LOG.warn("cannot hang up the callee: {} resolves to nothing", next);
              return;
            }
            h.sendTo(ds.getFirst(), ok, contact, above, legs);
          });
      return Optional.of(h);
    } catch (SipParseException
        | NextHop.Unroutable
        | RuntimeException e) { // no Contact, unroutable: the callee times out by itself
      LOG.warn("cannot hang up the callee: {}", e.toString());
      return Optional.empty();
    }
  }

  private void sendTo(
      Destination d, SipResponse ok, Uri contact, List<NameAddress> above, Legs legs) {
    try {
      Routing.Egress egress = ctx.routing().egress(d, legs.out(), null);
      LocalSockets.Local out = egress.socket();
      int cseq = ok.cseq().number();
      ack = request(Method.ACK, cseq, ok, contact, above, out);
      SipRequest bye = request(Method.BYE, cseq + 1, ok, contact, above, out);
      hop = egress.hop();
      sendAck();
      ctx.send(bye, hop, this);
    } catch (SipParseException | NextHop.Unroutable | RuntimeException e) {
      LOG.warn("cannot hang up the callee: {}", e.toString());
    }
  }

  private static SipRequest request(
      Method method,
      int cseq,
      SipResponse ok,
      Uri contact,
      List<NameAddress> routes,
      LocalSockets.Local out)
      throws SipParseException {
    String branch = Branches.branch(Long.toHexString(ThreadLocalRandom.current().nextLong()), 0);
    return Teardown.request(
        method,
        contact,
        routes,
        out.via(branch),
        ok.headerValue(HeaderName.FROM).orElseThrow(),
        ok.headerValue(HeaderName.TO).orElseThrow(),
        ok.callId(),
        cseq);
  }

  /** (Re-)sends the ACK: on the first 2xx and on each retransmission of it. */
  void sendAck() {
    if (ack == null) {
      return; // still resolving: the first ACK goes out with the BYE
    }
    ctx.transport().send(ack, hop, e -> LOG.debug("ACK to callee not sent: {}", e.toString()));
  }

  private void byeDone() {
    if (!done) {
      done = true;
      ctx.answered().ended(callId, calleeTag, null);
    }
  }

  @Override
  public void onResponse(ClientTransaction tx, SipResponse response) {
    if (response.status() >= 200) {
      byeDone();
    }
  }

  @Override
  public void onTimeout(ClientTransaction tx, Timeout timeout, SipResponse synthetic408) {
    byeDone();
  }

  @Override
  public void onTransportError(ClientTransaction tx, Throwable cause) {
    byeDone();
  }
}
