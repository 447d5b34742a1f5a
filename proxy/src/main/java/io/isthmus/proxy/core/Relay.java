package io.isthmus.proxy.core;

import io.isthmus.proxy.dispatcher.FailoverPlan;
import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.media.MediaAnswer;
import io.isthmus.proxy.media.MediaDelete;
import io.isthmus.proxy.media.MediaOffer;
import io.isthmus.proxy.media.MediaResult;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.Hop;
import io.isthmus.proxy.transaction.ServerTransaction;
import io.isthmus.proxy.transaction.Timeout;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.proxy.transport.ResponseRouter;
import io.isthmus.proxy.transport.UnroutableResponseException;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.uri.SipUri;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request relayed statefully to one next hop: in-dialog requests loose-routed by their Route set
 * or Request-URI (§16.12), and initial requests other than INVITE sent to one gateway of the target
 * network (no failover: they create no call). The egress socket is the one of the network the
 * destination address belongs to. Media commands on the way, with the direction taken from the
 * networks of the two legs (so a re-INVITE from the callee side is reversed by itself):
 *
 * <ul>
 *   <li>re-INVITE or UPDATE with SDP: offer (from-tag = sender's From tag); the 18x/2xx SDP:
 *       answer;
 *   <li>re-INVITE without SDP: the 2xx SDP is an offer from the answerer (from-tag = its tag, the
 *       request's To tag), the ACK's SDP the answer ({@link #forwardAck});
 *   <li>PRACK with SDP: answer to the offer of a reliable provisional;
 *   <li>BYE: delete of the whole call, without waiting for the result.
 * </ul>
 *
 * Every in-dialog request re-arms the dialog's session expiry in {@link AnsweredCalls}; a BYE ends
 * the answered call there (and its gateway's call load) once its transaction completes, whatever
 * the outcome (RFC 3261 §15.1.1).
 */
final class Relay implements BranchOwner {
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

  private final ProxyCore core;
  private final ServerTransaction inbound;
  private final LocalSockets.Local in;
  private final SipRequest request;
  private final RouteProcessing.Routed routed;
  private final String hash;
  private final SerialQueue queue;
  private final boolean requestHadSdp;
  private LocalSockets.Local out;
  private SipResponse last2xx;
  private boolean byeDone;

  Relay(
      ProxyCore core,
      ServerTransaction inbound,
      LocalSockets.Local in,
      RouteProcessing.Routed routed,
      String hash) {
    this.core = core;
    this.inbound = inbound;
    this.in = in;
    this.request = routed.request();
    this.routed = routed;
    this.hash = hash;
    this.queue = new SerialQueue(core.loop);
    this.requestHadSdp = Forwarding.hasSdp(request);
  }

  /** Loose routing: to the top remaining Route, else the Request-URI. */
  void start() throws SipParseException {
    Destination d;
    try {
      d = NextHop.of(routed.nextHop());
    } catch (NextHop.Unroutable e) {
      reject(404, e.getMessage());
      return;
    }
    forward(d);
  }

  /** An initial non-INVITE request: a pre-loaded Route wins, else one gateway of the target set. */
  void startToGateway() throws SipParseException {
    if (routed.hasRoute()) {
      start();
      return;
    }
    Network target = core.sockets.networks().targetFor(in.network());
    int set;
    try {
      set = Integer.parseInt(target.gatewaySet().trim());
    } catch (NumberFormatException e) {
      set = -1;
    }
    FailoverPlan plan =
        core.dispatcher.plan(
            set,
            request.callId(),
            request.from().uri() instanceof SipUri f ? f : null,
            request.to().uri() instanceof SipUri t ? t : null);
    Optional<Gateway> gw = plan.next();
    if (gw.isEmpty()) {
      reject(503, "no gateway available in set " + target.gatewaySet());
      return;
    }
    try {
      forward(NextHop.of(gw.get().uri()));
    } catch (NextHop.Unroutable e) {
      reject(503, e.getMessage());
    }
  }

  private void forward(Destination d) throws SipParseException {
    Network outNet = core.networkFor(d.address().getAddress(), in.network());
    Optional<LocalSockets.Local> egress = core.sockets.egress(outNet, d.transport());
    if (egress.isEmpty()) {
      reject(503, "no " + d.transport() + " socket on network " + outNet.name());
      return;
    }
    out = egress.get();
    Hop hop = new Hop(out.name(), d.address(), d.transport().reliable());
    Method method = request.method();
    String callId = request.callId();
    String fromTag = request.from().tag();
    String toTag = request.to().tag();
    if (toTag != null && !method.equals(Method.BYE)) {
      core.answered.refreshed(callId, fromTag, toTag, request.cseq().number());
    }
    if (method.equals(Method.BYE) && fromTag != null) {
      core.media
          .delete(MediaDelete.call(callId, fromTag))
          .whenComplete((r, e) -> logFailure("delete", callId, r, e));
    }
    boolean offers = method.equals(Method.INVITE) || method.equals(Method.UPDATE);
    if (requestHadSdp && fromTag != null && offers) {
      MediaOffer offer =
          new MediaOffer(
              callId,
              fromTag,
              toTag,
              null,
              request.bodyBytes(),
              List.of(in.network().mediaInterface(), out.network().mediaInterface()),
              inbound.hop().remote().getAddress());
      queue.then(
          () ->
              core.media
                  .offer(offer)
                  .thenAcceptAsync(
                      r -> {
                        switch (r) {
                          case MediaResult.Sdp sdp -> send(hop, sdp.sdp());
                          case MediaResult.Rejected x ->
                              reject(488, "relay refused the offer: " + x.reason());
                          case MediaResult.Unavailable x ->
                              reject(503, "media relay unavailable: " + x.reason());
                        }
                      },
                      core.loop));
    } else if (requestHadSdp && method.equals(Method.PRACK) && toTag != null && fromTag != null) {
      MediaAnswer answer = new MediaAnswer(callId, toTag, fromTag, null, request.bodyBytes());
      queue.then(
          () ->
              core.media
                  .answer(answer)
                  .thenAcceptAsync(
                      r -> send(hop, r instanceof MediaResult.Sdp s ? s.sdp() : null), core.loop));
    } else {
      queue.thenRun(() -> send(hop, null));
    }
  }

  private void send(Hop hop, byte[] body) {
    try {
      SipRequest forwarded =
          Forwarding.request(
              request, in, out, Branches.branch(hash, 0), false, body, core.config.maxForwards());
      core.send(forwarded, hop, this);
    } catch (SipParseException | RuntimeException e) {
      reject(500, "cannot forward: " + e.getMessage());
    }
  }

  private void reject(int status, String why) {
    byeCompleted();
    respond(
        LocalAnswers.error(request, status, ProxyCore.reason(status), ProxyCore.agent(in), why));
  }

  private void respond(SipResponse response) {
    try {
      inbound.respond(response);
    } catch (IllegalStateException e) {
      LOG.debug("{} not sent upstream: {}", response.status(), e.getMessage());
    }
  }

  @Override
  public void onResponse(ClientTransaction tx, SipResponse response) {
    int status = response.status();
    if (status == 100) {
      return;
    }
    if (status >= 200) {
      byeCompleted();
    }
    if (status >= 200 && status < 300 && last2xx != null) {
      queue.thenRun(() -> respond(last2xx)); // a retransmitted 2xx (RFC 6026): the same again
      return;
    }
    boolean sdpExchange =
        Forwarding.hasSdp(response)
            && status < 300
            && (request.method().equals(Method.INVITE) || request.method().equals(Method.UPDATE));
    if (!sdpExchange) {
      queue.thenRun(() -> relay(response, null));
      return;
    }
    queue.then(
        () ->
            mediaFor(response)
                .thenAcceptAsync(
                    r -> relay(response, r instanceof MediaResult.Sdp s ? s.sdp() : new byte[0]),
                    core.loop));
  }

  private java.util.concurrent.CompletionStage<MediaResult> mediaFor(SipResponse response) {
    try {
      String callId = request.callId();
      String fromTag = request.from().tag();
      String toTag = request.to().tag() != null ? request.to().tag() : response.to().tag();
      if (requestHadSdp) {
        return core.media.answer(
            new MediaAnswer(callId, fromTag, toTag, null, response.bodyBytes()));
      }
      return core.media.offer(
          new MediaOffer(
              callId,
              toTag,
              fromTag,
              null,
              response.bodyBytes(),
              List.of(out.network().mediaInterface(), in.network().mediaInterface()),
              null));
    } catch (SipParseException e) {
      return java.util.concurrent.CompletableFuture.completedFuture(
          new MediaResult.Rejected(e.getMessage()));
    }
  }

  private void relay(SipResponse response, byte[] body) {
    try {
      SipResponse up = Forwarding.response(response, inbound.request(), body);
      if (response.status() >= 200 && response.status() < 300) {
        last2xx = up;
      }
      respond(up);
    } catch (SipParseException e) {
      LOG.debug("cannot relay {}: {}", response.status(), e.getMessage());
    }
  }

  @Override
  public void onTimeout(ClientTransaction tx, Timeout timeout, SipResponse synthetic408) {
    byeCompleted();
    queue.thenRun(
        () -> {
          try {
            respond(Forwarding.response(synthetic408, inbound.request(), null));
          } catch (SipParseException e) {
            reject(408, "next hop did not answer");
          }
        });
  }

  @Override
  public void onTransportError(ClientTransaction tx, Throwable cause) {
    byeCompleted();
    queue.thenRun(() -> reject(503, "cannot reach next hop: " + cause));
  }

  /** A BYE's transaction is over, whatever its outcome: the answered call ends (once). */
  private void byeCompleted() {
    if (byeDone || !request.method().equals(Method.BYE)) {
      return;
    }
    byeDone = true;
    try {
      core.answered.ended(request.callId(), request.from().tag(), request.to().tag());
    } catch (SipParseException e) {
      LOG.debug("BYE without readable tags: {}", e.getMessage());
    }
  }

  /**
   * An ACK for a 2xx (its own transaction, §17.1.1.3) loose-routed statelessly; with SDP it is the
   * answer to an offer the 2xx carried (late offer), from-tag = the ACK's To tag (rtpengine a.4).
   */
  static void forwardAck(
      ProxyCore core,
      SipRequest ack,
      LocalSockets.Local in,
      Hop source,
      RouteProcessing.Routed routed,
      String hash)
      throws SipParseException {
    Destination d;
    try {
      d = NextHop.of(routed.nextHop());
    } catch (NextHop.Unroutable e) {
      LOG.debug("ACK dropped: {}", e.getMessage());
      return;
    }
    Network outNet = core.networkFor(d.address().getAddress(), in.network());
    Optional<LocalSockets.Local> egress = core.sockets.egress(outNet, d.transport());
    if (egress.isEmpty()) {
      return;
    }
    LocalSockets.Local out = egress.get();
    Hop hop = new Hop(out.name(), d.address(), d.transport().reliable());
    SipRequest request = routed.request();
    String toTag = request.to().tag();
    String fromTag = request.from().tag();
    if (!Forwarding.hasSdp(request) || toTag == null || fromTag == null) {
      sendAck(core, request, in, out, hash, hop, null);
      return;
    }
    core.media
        .answer(new MediaAnswer(request.callId(), toTag, fromTag, null, request.bodyBytes()))
        .thenAcceptAsync(
            r ->
                sendAck(
                    core,
                    request,
                    in,
                    out,
                    hash,
                    hop,
                    r instanceof MediaResult.Sdp s ? s.sdp() : null),
            core.loop);
  }

  private static void sendAck(
      ProxyCore core,
      SipRequest ack,
      LocalSockets.Local in,
      LocalSockets.Local out,
      String hash,
      Hop hop,
      byte[] body) {
    try {
      SipRequest forwarded =
          Forwarding.request(
              ack, in, out, Branches.branch(hash, 0), false, body, core.config.maxForwards());
      core.transport.send(forwarded, hop, e -> LOG.debug("ACK not sent: {}", e.toString()));
    } catch (SipParseException | RuntimeException e) {
      LOG.debug("ACK not forwarded: {}", e.toString());
    }
  }

  /** A response relayed without transaction, to the Via it now has on top (§18.2.2). */
  static void forwardStateless(ProxyCore core, SipResponse response) {
    try {
      Destination d = ResponseRouter.destinationFor(response);
      Network n = core.classifier.networkOf(d.address().getAddress());
      if (n == null) {
        return;
      }
      core.sockets
          .egress(n, d.transport())
          .ifPresent(
              out ->
                  core.transport.send(
                      response,
                      new Hop(out.name(), d.address(), d.transport().reliable()),
                      e -> LOG.debug("stateless relay failed: {}", e.toString())));
    } catch (UnroutableResponseException e) {
      LOG.debug("stray response dropped: {}", e.getMessage());
    }
  }

  private static void logFailure(String what, String callId, MediaResult r, Throwable e) {
    if (e != null || !r.ok()) {
      LOG.warn("call {}: media {} failed: {}", callId, what, e != null ? e : r);
    }
  }
}
