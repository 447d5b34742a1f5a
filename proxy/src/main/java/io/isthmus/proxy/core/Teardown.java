package io.isthmus.proxy.core;

import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.Timeout;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipRequestBuilder;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.uri.Uri;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends an answered dialog from the middle, as Kamailio's {@code dlg.end_dlg} does: a BYE to each
 * party in the name of the other (the proxy acts as a B2BUA for this teardown only), each on its
 * own non-INVITE client transaction, from the socket of the network its next hop is in.
 *
 * <p>A BYE to a side is what that side would get had the other party hung up through us (RFC 3261
 * §12.2.1.1, §15.1.1): Request-URI = its Contact, Route = its {@link DialogState.Side#routes}, From
 * = the other party's address and tag, To = its own, the dialog's Call-ID, and a CSeq one above the
 * highest the other party used. Its next hop is the first Route, else the Contact; a host name
 * there is resolved (RFC 3263) and the BYE goes to its first target, or, when it resolves to
 * nothing (or there is no resolver), where the INVITE came from (caller) or to the gateway
 * (callee). A UA that later sends a request numbered like our BYE would be refused by the other
 * side (§12.2.2: lower or equal CSeq, 500): acceptable, the dialog is being torn down anyway.
 *
 * <p>The outcome only counts for the log: once a BYE is sent the dialog is over for the sender
 * (§15.1.1), and {@link ProxyCore#terminate} has already ended the call, its load and its media.
 */
final class Teardown implements BranchOwner {
  private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

  private final String callId;
  private final String towards;

  private Teardown(String callId, String towards) {
    this.callId = callId;
    this.towards = towards;
  }

  /** Sends both BYEs; true when both went out (each failure is logged). */
  static boolean send(CoreContext ctx, DialogState dialog) {
    boolean callee = bye(ctx, dialog, dialog.callee, "callee");
    boolean caller = bye(ctx, dialog, dialog.caller, "caller");
    return callee && caller;
  }

  private static boolean bye(CoreContext ctx, DialogState d, DialogState.Side to, String name) {
    DialogState.Side from = d.peerOf(to);
    from.cseq++; // now: a request the other party sends meanwhile is numbered above it
    int cseq = from.cseq;
    Uri next = to.routes.isEmpty() ? to.target : to.routes.getFirst().uri();
    if (NamedHop.needsDns(ctx, next)) {
      // a host name (RFC 3263): its first target once resolved, else where the party was reached
      try {
        NamedHop.destinations(
            ctx,
            next,
            ds -> {
              Destination dest = ds.isEmpty() ? to.fallback : ds.getFirst();
              if (dest == null) {
                LOG.warn(
                    "call {}: terminate: no BYE to the {}: {} resolves to nothing",
                    d.callId,
                    name,
                    next);
                return;
              }
              sendBye(ctx, d, to, from, cseq, name, dest);
            });
        return true;
      } catch (NextHop.Unroutable e) {
        LOG.warn("call {}: terminate: no BYE to the {}: {}", d.callId, name, e.getMessage());
        return false;
      }
    }
    try {
      return sendBye(ctx, d, to, from, cseq, name, nextHop(to));
    } catch (NextHop.Unroutable e) {
      LOG.warn("call {}: terminate: no BYE to the {}: {}", d.callId, name, e.getMessage());
      return false;
    }
  }

  private static boolean sendBye(
      CoreContext ctx,
      DialogState d,
      DialogState.Side to,
      DialogState.Side from,
      int cseq,
      String name,
      Destination dest) {
    try {
      Routing.Egress egress = ctx.routing().egress(dest, to.network, null);
      LocalSockets.Local out = egress.socket();
      SipRequest bye =
          request(
              Method.BYE,
              to.target,
              to.routes,
              out.via(newBranch()),
              from.address,
              to.address,
              d.callId,
              cseq);
      ctx.send(bye, egress.hop(), new Teardown(d.callId, name));
      LOG.info("call {}: terminate: BYE sent to the {} at {}", d.callId, name, dest);
      return true;
    } catch (NextHop.Unroutable | RuntimeException e) {
      LOG.warn("call {}: terminate: no BYE to the {}: {}", d.callId, name, e.toString());
      return false;
    }
  }

  private static Destination nextHop(DialogState.Side to) throws NextHop.Unroutable {
    Uri next = to.routes.isEmpty() ? to.target : to.routes.getFirst().uri();
    try {
      return NextHop.of(next);
    } catch (NextHop.Unroutable e) {
      if (to.fallback == null) {
        throw e;
      }
      return to.fallback;
    }
  }

  private static String newBranch() {
    return Branches.branch(Long.toHexString(ThreadLocalRandom.current().nextLong()), 0);
  }

  /**
   * A request within a dialog that the proxy originates (§12.2.1.1): Request-URI = the remote
   * target, Route values in order, our Via, Max-Forwards 70, From/To/Call-ID/CSeq as given.
   */
  static SipRequest request(
      Method method,
      Uri target,
      List<NameAddress> routes,
      String via,
      String from,
      String to,
      String callId,
      int cseq) {
    SipRequestBuilder b = SipRequest.builder(method, target.toString()).header(HeaderName.VIA, via);
    for (NameAddress r : routes) {
      b.header(HeaderName.ROUTE, r.toString());
    }
    return b.header(HeaderName.MAX_FORWARDS, "70")
        .header(HeaderName.FROM, from)
        .header(HeaderName.TO, to)
        .header(HeaderName.CALL_ID, callId)
        .header(HeaderName.CSEQ, cseq + " " + method.name())
        .build();
  }

  @Override
  public void onResponse(ClientTransaction tx, SipResponse response) {
    if (response.status() >= 200) {
      LOG.info("call {}: terminate: the {} answered {}", callId, towards, response.status());
    }
  }

  @Override
  public void onTimeout(ClientTransaction tx, Timeout timeout, SipResponse synthetic408) {
    LOG.info("call {}: terminate: the {} did not answer the BYE ({})", callId, towards, timeout);
  }

  @Override
  public void onTransportError(ClientTransaction tx, Throwable cause) {
    LOG.info("call {}: terminate: BYE to the {} failed: {}", callId, towards, cause.toString());
  }
}
