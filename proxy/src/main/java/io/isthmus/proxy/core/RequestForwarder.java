package io.isthmus.proxy.core;

import io.isthmus.proxy.dispatcher.FailoverPlan;
import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.dispatcher.SelectionContext;
import io.isthmus.proxy.media.MediaAnswer;
import io.isthmus.proxy.media.MediaOffer;
import io.isthmus.proxy.media.MediaResult;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.ServerTransaction;
import io.isthmus.proxy.transaction.Timeout;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.uri.SipUri;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request forwarded statefully to one next hop, without gateway failover (a next hop given by
 * host name is tried target after target, RFC 3263 §4.3): an in-dialog request loose-routed by its
 * Route set or Request-URI (§16.12), or an initial request other than INVITE sent to one gateway of
 * the target network (it creates no call). The request's {@link Legs} are its inbound socket and
 * the network of its next hop, so the media direction of a re-INVITE from the callee's side is
 * reversed by itself. Media commands on the way, through the dialog's {@link MediaSession}:
 *
 * <ul>
 *   <li>re-INVITE or UPDATE with SDP: offer (from-tag = sender's From tag); the 18x/2xx SDP:
 *       answer;
 *   <li>re-INVITE without SDP: the 2xx SDP is an offer from the answerer (from-tag = its tag, the
 *       request's To tag), the ACK's SDP the answer ({@link StatelessRelay#ack});
 *   <li>PRACK with SDP: answer to the offer of a reliable provisional;
 *   <li>BYE: delete of the whole call, without waiting for the result.
 * </ul>
 *
 * Every in-dialog request re-arms the dialog's session expiry in {@link AnsweredCalls}; a BYE ends
 * the answered call there (and its gateway's call load) once its transaction completes, whatever
 * the outcome (RFC 3261 §15.1.1).
 */
final class RequestForwarder implements BranchOwner {
  private static final Logger LOG = LoggerFactory.getLogger(RequestForwarder.class);

  private final CoreContext ctx;
  private final ServerTransaction inbound;
  private final LocalSockets.Local in;
  private final SipRequest request;
  private final RouteProcessing.Routed routed;
  private final String hash;
  private final boolean requestHadSdp;
  private Legs legs;
  private MediaSession media;
  private SipResponse last2xx;
  private boolean byeDone;

  /** The targets of a resolved name not tried yet (RFC 3263 §4.3), in order. */
  private final java.util.ArrayDeque<Destination> alternatives = new java.util.ArrayDeque<>();

  private int attempts;
  private byte[] sentBody; // the body the first attempt went with: every next target gets it too

  RequestForwarder(
      CoreContext ctx,
      ServerTransaction inbound,
      LocalSockets.Local in,
      RouteProcessing.Routed routed,
      String hash) {
    this.ctx = ctx;
    this.inbound = inbound;
    this.in = in;
    this.request = routed.request();
    this.routed = routed;
    this.hash = hash;
    this.requestHadSdp = Forwarding.hasSdp(request);
  }

  /** Loose routing: to the top remaining Route, else the Request-URI. */
  void start() throws SipParseException {
    if (routed.nextHop() instanceof SipUri named && resolvable(named)) {
      resolveThenForward(named, 404);
      return;
    }
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
    Network target = ctx.routing().targetFor(in.network());
    FailoverPlan plan =
        ctx.dispatcher()
            .plan(
                target.gatewaySet(),
                new SelectionContext(
                    request.callId(),
                    request.from().uri() instanceof SipUri f ? f : null,
                    request.to().uri() instanceof SipUri t ? t : null,
                    ctx.events().authUserOf(request.callId())));
    Optional<Gateway> gw = plan.next();
    if (gw.isEmpty()) {
      reject(503, "no gateway available in set " + target.gatewaySet());
      return;
    }
    if (resolvable(gw.get().uri())) {
      resolveThenForward(gw.get().uri(), 503);
      return;
    }
    try {
      forward(NextHop.of(gw.get().uri()));
    } catch (NextHop.Unroutable e) {
      reject(503, e.getMessage());
    }
  }

  private boolean resolvable(SipUri uri) {
    return io.isthmus.proxy.resolve.SipResolver.needsDns(uri)
        && ctx.dispatcher().resolver() != null;
  }

  /**
   * A Route, Request-URI (a Contact) or gateway given by host name: resolved (RFC 3263) on this
   * loop, then forwarded to its first target, and to the next one after a timeout, a transport
   * error or a 503 (§4.3); {@code status} when it resolves to nothing.
   */
  private void resolveThenForward(SipUri uri, int status) {
    ctx.dispatcher()
        .resolver()
        .resolve(uri)
        .whenComplete(
            (targets, error) -> {
              if (error != null || targets.isEmpty()) {
                reject(status, "next hop host " + uri.host() + " resolves to nothing");
                return;
              }
              for (io.isthmus.proxy.resolve.Target t : targets) {
                ctx.dispatcher().resolved(t.address()); // its ICMP errors are seen too
                alternatives.add(new Destination(t.transport(), t.address()));
              }
              try {
                forward(alternatives.poll());
              } catch (SipParseException e) {
                reject(400, e.getMessage());
              }
            });
  }

  private void forward(Destination d) throws SipParseException {
    Routing.Egress out;
    try {
      out = ctx.routing().egress(d, ctx.routing().targetFor(in.network()), null);
    } catch (NextHop.Unroutable e) {
      reject(503, e.getMessage());
      return;
    }
    legs = new Legs(in, out.network());
    Method method = request.method();
    String callId = request.callId();
    String fromTag = request.from().tag();
    String toTag = request.to().tag();
    media = ctx.dialogMedia(callId, fromTag, toTag);
    if (toTag != null && !method.equals(Method.BYE)) {
      ctx.answered().refreshed(callId, fromTag, toTag, request.cseq().number());
    }
    if (method.equals(Method.BYE) && fromTag != null) {
      media.delete(fromTag);
    }
    boolean offers = method.equals(Method.INVITE) || method.equals(Method.UPDATE);
    if (requestHadSdp && fromTag != null && offers) {
      media.offer(
          new MediaOffer(
              callId,
              fromTag,
              toTag,
              null,
              request.bodyBytes(),
              legs.offerDirection(),
              inbound.hop().remote().getAddress()),
          r -> {
            switch (r) {
              case MediaResult.Sdp sdp -> send(out, sdp.sdp());
              case MediaResult.Rejected x -> reject(488, "relay refused the offer: " + x.reason());
              case MediaResult.Unavailable x ->
                  reject(503, "media relay unavailable: " + x.reason());
            }
          });
    } else if (requestHadSdp && method.equals(Method.PRACK) && toTag != null && fromTag != null) {
      media.answer(
          new MediaAnswer(callId, toTag, fromTag, null, request.bodyBytes(), legs.offerDirection()),
          r -> send(out, r instanceof MediaResult.Sdp s ? s.sdp() : null));
    } else {
      media.then(() -> send(out, null));
    }
  }

  private void send(Routing.Egress out, byte[] body) {
    sentBody = body;
    try {
      SipRequest forwarded =
          legs.forward(
              request,
              out,
              Branches.branch(hash, attempts++),
              false,
              body,
              ctx.config().maxForwards());
      ctx.send(forwarded, out.hop(), this);
    } catch (SipParseException | RuntimeException e) {
      reject(500, "cannot forward: " + e.getMessage());
    }
  }

  /**
   * The attempt failed: the request goes to the next target of its resolved name, on a new branch
   * with the body the first one had (the relay already rewrote it); false when none is left.
   */
  private boolean nextTarget(String why) {
    while (!alternatives.isEmpty()) {
      Destination d = alternatives.poll();
      try {
        Routing.Egress out = ctx.routing().egress(d, ctx.routing().targetFor(in.network()), null);
        LOG.info("{} {}: {}, trying the next target {}", request.method(), hash, why, d);
        send(out, sentBody);
        return true;
      } catch (NextHop.Unroutable e) {
        LOG.debug("target {} unusable: {}", d, e.getMessage());
      }
    }
    return false;
  }

  private void reject(int status, String why) {
    byeCompleted();
    respond(LocalAnswers.error(request, status, CoreContext.agent(in), why));
  }

  private void respond(SipResponse response) {
    try {
      inbound.respond(response);
    } catch (IllegalStateException e) {
      ctx.counters().dropped(SipCounters.Drop.UPSTREAM_GONE);
      LOG.debug("{} not sent upstream: {}", response.status(), e.getMessage());
    }
  }

  @Override
  public void onResponse(ClientTransaction tx, SipResponse response) {
    int status = response.status();
    if (status == 100) {
      return;
    }
    if (status == 503 && nextTarget("503")) {
      return;
    }
    if (status >= 200) {
      byeCompleted();
    }
    if (status >= 200 && status < 300 && last2xx == null) {
      sessionRefreshed(response);
    }
    if (status >= 200 && status < 300 && last2xx != null) {
      media.then(() -> respond(last2xx)); // a retransmitted 2xx (RFC 6026): the same again
      return;
    }
    boolean sdpExchange =
        Forwarding.hasSdp(response)
            && status < 300
            && (request.method().equals(Method.INVITE) || request.method().equals(Method.UPDATE));
    if (!sdpExchange) {
      media.then(() -> relay(response, null));
      return;
    }
    try {
      String callId = request.callId();
      String fromTag = request.from().tag();
      String toTag = request.to().tag() != null ? request.to().tag() : response.to().tag();
      if (requestHadSdp) {
        media.answer(
            new MediaAnswer(
                callId, fromTag, toTag, null, response.bodyBytes(), legs.answererDirection()),
            r -> relay(response, sdpOf(r)));
      } else {
        media.offer(
            new MediaOffer(
                callId, toTag, fromTag, null, response.bodyBytes(), legs.answererDirection(), null),
            r -> relay(response, sdpOf(r)));
      }
    } catch (SipParseException e) {
      media.then(() -> relay(response, new byte[0]));
    }
  }

  /** A refresh's 2xx with a Session-Expires: the call's session interval is the new one. */
  private void sessionRefreshed(SipResponse ok) {
    Method m = request.method();
    if (!m.equals(Method.INVITE) && !m.equals(Method.UPDATE)) {
      return;
    }
    try {
      Duration interval = SessionTimer.interval(ok);
      if (interval != null && request.to().tag() != null) {
        ctx.answered()
            .sessionRefreshed(request.callId(), request.from().tag(), request.to().tag(), interval);
      }
    } catch (SipParseException e) {
      // unreadable tags: the session keeps the interval it had
    }
  }

  /** The relay's SDP, or an empty body when it refused (the response goes on without SDP). */
  private static byte[] sdpOf(MediaResult r) {
    return r instanceof MediaResult.Sdp s ? s.sdp() : new byte[0];
  }

  private void relay(SipResponse response, byte[] body) {
    try {
      SipResponse up = Forwarding.response(response, inbound.request(), body);
      if (response.status() >= 200 && response.status() < 300) {
        last2xx = up;
      }
      respond(up);
    } catch (SipParseException e) {
      ctx.counters().dropped(SipCounters.Drop.UNREADABLE_RESPONSE);
      LOG.debug("cannot relay {}: {}", response.status(), e.getMessage());
      if (response.status() >= 200) {
        reject(502, "unreadable response from next hop: " + e.getMessage());
      }
    }
  }

  @Override
  public void onTimeout(ClientTransaction tx, Timeout timeout, SipResponse synthetic408) {
    if (nextTarget("no answer")) {
      return;
    }
    byeCompleted();
    media.then(
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
    if (nextTarget("transport error")) {
      return;
    }
    byeCompleted();
    media.then(() -> reject(503, "cannot reach next hop: " + cause));
  }

  /** A BYE's transaction is over, whatever its outcome: the answered call ends (once). */
  private void byeCompleted() {
    if (byeDone || !request.method().equals(Method.BYE)) {
      return;
    }
    byeDone = true;
    try {
      ctx.answered().ended(request.callId(), request.from().tag(), request.to().tag());
    } catch (SipParseException e) {
      LOG.debug("BYE without readable tags: {}", e.getMessage());
    }
  }
}
