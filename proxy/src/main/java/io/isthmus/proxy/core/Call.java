package io.isthmus.proxy.core;

import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.dispatcher.SelectionContext;
import io.isthmus.proxy.media.MediaAnswer;
import io.isthmus.proxy.media.MediaOffer;
import io.isthmus.proxy.media.MediaResult;
import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.InviteClientTransaction;
import io.isthmus.proxy.transaction.InviteServerTransaction;
import io.isthmus.proxy.transaction.Timeout;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.HeaderField;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.uri.SipUri;
import io.isthmus.sip.uri.Uri;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One initial INVITE being set up, public to private or back (DESIGN "A call, public to private"):
 *
 * <ol>
 *   <li>offer the caller's SDP to the relay in the direction of the call's {@link Legs} (none for a
 *       late offer: no SDP in the INVITE); 488 when the relay refuses it, 503 when no relay
 *       answers;
 *   <li>send the INVITE to the next gateway of the target network's set ({@link Failover}), double
 *       record-routed;
 *   <li>18x/2xx with SDP: the relay's answer (for a late offer, the 2xx SDP is the callee's offer,
 *       direction reversed, tagged with the callee's To tag); the response goes to the caller;
 *   <li>408, 5xx, no response at all, or a transport error: the gateway is marked and the same
 *       request (same relay offer) goes to the next gateway; none left: 503 and the media deleted;
 *   <li>any other final failure is relayed (503 as 500, §16.7 step 6) and the media deleted;
 *   <li>CANCEL: 487 to the caller at once, CANCEL to the gateway, media deleted.
 * </ol>
 *
 * The call stays in its core's table until the final response went upstream and its last INVITE
 * client transaction ended (Timer M or D), so 2xx retransmissions are still relayed. An answered
 * dialog, with its {@link MediaSession}, then lives on in {@link AnsweredCalls}.
 */
final class Call implements BranchOwner {
  private static final Logger LOG = LoggerFactory.getLogger(Call.class);

  /** Where the call stands towards the caller. */
  private enum Phase {
    /** No final response upstream yet: failover may still happen. */
    SETTING_UP,
    /** A 2xx went (or is going) upstream: no failover past it. */
    ANSWERED,
    /** A final failure went upstream. */
    FAILED,
    /** The caller cancelled: 487 sent. */
    CANCELLED
  }

  private final CoreContext ctx;
  private final InviteServerTransaction inbound;
  private final Legs legs;
  private final SipRequest request;
  private final String hash;
  private final String callId;
  private final String callerTag;
  private final String viaBranch;
  private final MediaSession media;
  private final Runnable onEnd;
  private final Map<String, SipResponse> relayed2xx = new HashMap<>();

  /** Callee tags whose dialog was handed to {@link AnsweredCalls}. */
  private final Set<String> established = new HashSet<>();

  /** Dialogs answered by the callee whose media the relay refused: ACKed and hung up by us. */
  private final Map<String, CalleeHangup> hangups = new HashMap<>();

  private Failover failover;
  private byte[] offerSdp;
  private boolean lateOffer;
  private Phase phase = Phase.SETTING_UP;
  private int liveBranches;
  private boolean ended;

  /** Whether a dialog took over the media session ({@link AnsweredCalls}). */
  private boolean handedOver;

  /**
   * @param onEnd told once when the setup is over (final response sent, last branch ended)
   */
  Call(
      CoreContext ctx,
      InviteServerTransaction inbound,
      Legs legs,
      SipRequest routed,
      String hash,
      Runnable onEnd)
      throws SipParseException {
    this.ctx = ctx;
    this.inbound = inbound;
    this.legs = legs;
    this.request = routed;
    this.hash = hash;
    this.onEnd = onEnd;
    this.callId = routed.callId();
    this.callerTag = routed.from().tag() != null ? routed.from().tag() : "";
    this.viaBranch = routed.topVia().branch();
    this.media = ctx.newMediaSession(callId);
  }

  InviteServerTransaction inbound() {
    return inbound;
  }

  void start() throws SipParseException {
    int set = legs.out().gatewaySet();
    failover =
        new Failover(
            ctx.dispatcher(),
            ctx.dispatcher()
                .plan(
                    set,
                    new SelectionContext(
                        callId,
                        sip(request.from().uri()),
                        sip(request.to().uri()),
                        ctx.events().authUserOf(callId))));
    ctx.events()
        .started(
            callId, callerTag, legs.in().network().name(), legs.out().name(), String.valueOf(set));
    if (!Forwarding.hasSdp(request)) {
      lateOffer = true;
      media.then(this::tryNext);
      return;
    }
    media.offer(
        new MediaOffer(
            callId,
            callerTag,
            null,
            viaBranch,
            request.bodyBytes(),
            legs.offerDirection(),
            inbound.hop().remote().getAddress()),
        this::onOffer);
  }

  private static SipUri sip(Uri u) {
    return u instanceof SipUri s ? s : null;
  }

  private void onOffer(MediaResult result) {
    switch (result) {
      case MediaResult.Sdp sdp -> {
        offerSdp = sdp.sdp();
        tryNext();
      }
      case MediaResult.Rejected r -> fail(488, "relay refused the offer: " + r.reason());
      case MediaResult.Unavailable u -> {
        // a relay over its limits: the caller is asked to come back, not sent to another gateway
        List<HeaderField> retry =
            u.retryAfterSeconds() > 0
                ? List.of(
                    new HeaderField(
                        HeaderName.RETRY_AFTER, Integer.toString(u.retryAfterSeconds())))
                : List.of();
        fail(503, "media relay unavailable: " + u.reason(), retry);
      }
    }
  }

  /**
   * Sends the request to the next target of the current gateway's name, else to the next gateway of
   * the plan (a name is resolved first, RFC 3263, and the call goes on when the answer is in); 503
   * when there is none.
   */
  private void tryNext() {
    while (phase == Phase.SETTING_UP) {
      Gateway gateway;
      Destination d;
      io.isthmus.proxy.resolve.Target target =
          failover.resolvedName() ? failover.nextTarget() : null;
      if (target != null) {
        gateway = failover.gateway();
        d = new Destination(target.transport(), target.address());
      } else {
        Optional<Gateway> next = failover.next();
        if (next.isEmpty()) {
          fail(
              503,
              "no gateway available in set "
                  + legs.out().gatewaySet()
                  + " of "
                  + legs.out().name());
          return;
        }
        gateway = next.get();
        if (io.isthmus.proxy.resolve.SipResolver.needsDns(gateway.uri())
            && ctx.dispatcher().resolver() != null) {
          resolveThenTry(gateway);
          return;
        }
        d = null;
      }
      try {
        if (d == null) {
          d = NextHop.of(gateway.uri());
        }
        Routing.Egress out = ctx.routing().egress(d, legs.out(), gateway.attrs().socket());
        SipRequest forwarded =
            legs.forward(
                request,
                out,
                Branches.branch(hash, failover.nextAttempt()),
                true,
                offerSdp,
                ctx.config().maxForwards());
        liveBranches++;
        failover.sent(ctx.send(forwarded, out.hop(), this));
        ctx.events().routed(callId, gateway);
        return;
      } catch (NextHop.Unroutable | SipParseException | RuntimeException e) {
        LOG.warn("gateway {} unusable for {}: {}", gateway, callId, e.toString());
        failover.unusable();
      }
    }
  }

  /** Resolves a gateway's name; the call goes on with its targets, or with the next gateway. */
  private void resolveThenTry(Gateway gateway) {
    ctx.dispatcher()
        .resolver()
        .resolve(gateway.uri())
        .whenComplete(
            (targets, error) -> {
              if (phase != Phase.SETTING_UP || failover.gateway() != gateway) {
                return; // cancelled meanwhile
              }
              if (error != null || targets.isEmpty()) {
                LOG.warn(
                    "gateway {} unusable for {}: {} resolves to nothing{}",
                    gateway,
                    callId,
                    gateway.uri().host(),
                    error == null ? "" : " (" + error + ")");
                failover.resolved(List.of());
                failover.unusable();
              } else {
                failover.resolved(targets);
              }
              tryNext();
            });
  }

  @Override
  public void onResponse(ClientTransaction tx, SipResponse response) {
    int status = response.status();
    if (status == 100) {
      if (failover.isCurrent(tx)) {
        failover.answered(status); // alive
      }
      return;
    }
    if (status < 300) {
      onProvisionalOr2xx(tx, response);
      return;
    }
    if (!failover.isCurrent(tx) || phase != Phase.SETTING_UP) {
      ctx.counters().dropped(SipCounters.Drop.ABANDONED_BRANCH); // or the CANCEL's 487
      return;
    }
    failover.ended(tx);
    if (failover.answered(status)) {
      LOG.info("call {}: gateway {} answered {}, failing over", callId, failover.gateway(), status);
      tryNext();
      return;
    }
    media.then(() -> relayFinalFailure(response));
  }

  private void onProvisionalOr2xx(ClientTransaction tx, SipResponse response) {
    int status = response.status();
    boolean ok = status >= 200;
    if (ok && failover.isCurrent(tx)) {
      failover.answered(status);
    }
    String toTag = tagOf(response);
    if (ok && toTag != null && relayed2xx.containsKey(toTag)) {
      media.then(() -> respond(relayed2xx.get(toTag))); // a retransmission: the same again
      return;
    }
    if (ok && toTag != null && hangups.containsKey(toTag)) {
      media.then(() -> hangups.get(toTag).sendAck()); // the callee missed our ACK
      return;
    }
    if (!ok && (phase != Phase.SETTING_UP || !failover.isCurrent(tx))) {
      ctx.counters().dropped(SipCounters.Drop.ABANDONED_BRANCH);
      return;
    }
    if (ok && toTag != null && established.add(toTag)) {
      dialogOn(tx, toTag, response);
    }
    if (phase == Phase.CANCELLED || (ok && phase != Phase.SETTING_UP && relayed2xx.isEmpty())) {
      // answered after CANCEL or after our own final: the caller acknowledges and hangs up
      media.then(() -> StatelessRelay.response(ctx, response));
      return;
    }
    if (ok) {
      phase = Phase.ANSWERED; // no failover past a 2xx, whatever comes later
      if (!failover.isCurrent(tx) && failover.current() instanceof InviteClientTransaction p) {
        p.cancel(); // §16.7 step 10: a late 2xx of an abandoned branch won the call
        failover.ended(p);
      }
    }
    if (!Forwarding.hasSdp(response) || toTag == null) {
      media.then(() -> relay(response, null, ok, toTag));
      return;
    }
    Consumer<MediaResult> then =
        r -> {
          if (r instanceof MediaResult.Sdp sdp) {
            relay(response, sdp.sdp(), ok, toTag);
          } else if (ok) {
            refuseAnswered(response, toTag, r);
          } else {
            // early media lost, the call goes on: the 2xx gets its own chance
            LOG.warn("call {}: relay failed on {}: {}", callId, status, r);
            relay(response, new byte[0], false, toTag);
          }
        };
    byte[] sdp = response.bodyBytes();
    if (lateOffer) {
      // the callee's own offer (rtpengine a.4): from the answerer's side, tagged with its To tag
      media.offer(
          new MediaOffer(
              callId,
              toTag,
              callerTag,
              null,
              sdp,
              legs.answererDirection(),
              failover.current() != null ? failover.current().hop().remote().getAddress() : null),
          then);
    } else {
      media.answer(
          new MediaAnswer(callId, callerTag, toTag, viaBranch, sdp, legs.answererDirection()),
          then);
    }
  }

  /**
   * The relay refused the SDP of a 2xx (or is gone): relaying the 2xx would connect a call with no
   * audio at all, which is worse for everyone than a failed call. So the caller gets 500 with a
   * Warning instead of the 2xx (it never sees the dialog, and may retry elsewhere), the callee's
   * dialog is acknowledged and hung up by the proxy ({@link CalleeHangup}), and the media of the
   * call is deleted. The load of the callee's gateway ends when that BYE completes. This departs
   * from §16.7 step 10 (forward every 2xx) deliberately: the proxy owns the media path, and a
   * session it cannot carry is one it must not connect.
   */
  private void refuseAnswered(SipResponse response, String toTag, MediaResult r) {
    String why =
        switch (r) {
          case MediaResult.Rejected x -> "relay refused the callee's answer: " + x.reason();
          case MediaResult.Unavailable x -> "media relay unavailable for the answer: " + x.reason();
          case MediaResult.Sdp x -> "unexpected";
        };
    hangUpCallee(response, toTag, why);
  }

  /** The callee's dialog cannot be carried: hang it up, and the caller gets 500 if nothing else. */
  private void hangUpCallee(SipResponse response, String toTag, String why) {
    if (hangups.containsKey(toTag)) {
      hangups.get(toTag).sendAck();
      return;
    }
    LOG.warn("call {}: 2xx of {} not relayed ({}): callee hung up, caller 500", callId, toTag, why);
    CalleeHangup.start(ctx, response, legs).ifPresent(h -> hangups.put(toTag, h));
    if (relayed2xx.isEmpty() && phase != Phase.CANCELLED) {
      finish(LocalAnswers.error(inbound.request(), 500, LocalAnswers.reason(500), agent(), why));
    }
  }

  private void relay(SipResponse response, byte[] body, boolean ok, String toTag) {
    SipResponse up;
    try {
      up = Forwarding.response(response, inbound.request(), body);
    } catch (SipParseException e) {
      if (ok && toTag != null) {
        // the callee is in a dialog the caller will never see: hang it up, tell the caller
        hangUpCallee(response, toTag, "unrelayable 2xx: " + e.getMessage());
      } else {
        ctx.counters().dropped(SipCounters.Drop.UNREADABLE_RESPONSE);
        LOG.warn("call {}: cannot relay {}: {}", callId, response.status(), e.getMessage());
      }
      return;
    }
    if (ok && toTag != null) {
      relayed2xx.put(toTag, up);
    }
    respond(up);
    if (ok) {
      // Answered: no failover from here on, and the call lingers for the 2xx's retransmissions.
      offerSdp = null;
      request.compact();
    }
  }

  private void relayFinalFailure(SipResponse response) {
    if (phase != Phase.SETTING_UP) {
      return;
    }
    try {
      finish(Forwarding.response(response, inbound.request(), null));
    } catch (SipParseException e) {
      fail(500, "unreadable final response: " + e.getMessage());
    }
  }

  @Override
  public void onTimeout(ClientTransaction tx, Timeout timeout, SipResponse synthetic408) {
    if (!failover.isCurrent(tx) || phase != Phase.SETTING_UP) {
      return;
    }
    failover.ended(tx);
    if (timeout == Timeout.NO_RESPONSE || timeout == Timeout.TIMER_B) {
      LOG.info(
          "call {}: gateway {} silent ({}), failing over", callId, failover.gateway(), timeout);
      failover.silent();
      tryNext();
      return;
    }
    media.then(() -> relayFinalFailure(synthetic408)); // Timer C: the callee rang too long
  }

  @Override
  public void onTransportError(ClientTransaction tx, Throwable cause) {
    if (!failover.isCurrent(tx) || phase != Phase.SETTING_UP) {
      return;
    }
    LOG.info(
        "call {}: cannot reach gateway {} ({}), failing over",
        callId,
        failover.gateway(),
        cause.toString());
    failover.ended(tx);
    failover.unreachable();
    tryNext();
  }

  @Override
  public void onTerminated(ClientTransaction tx) {
    liveBranches--;
    maybeEnd();
  }

  /** CANCEL from the caller: 487 now, CANCEL to the pending branch, media gone (§16.10). */
  void cancel() {
    if (phase != Phase.SETTING_UP) {
      return;
    }
    phase = Phase.CANCELLED;
    if (failover != null && failover.current() instanceof InviteClientTransaction invite) {
      invite.cancel();
      failover.ended(invite);
    }
    inbound.respondCancelled();
    ctx.events().failed(callId, 487, "cancelled");
    media.delete(callerTag);
    maybeEnd();
  }

  /** A final failure generated here: the caller gets {@code status}, the media is deleted. */
  private void fail(int status, String why) {
    fail(status, why, List.of());
  }

  private void fail(int status, String why, List<HeaderField> extra) {
    if (phase != Phase.SETTING_UP) {
      return;
    }
    LOG.info("call {}: {} {}", callId, status, why);
    finish(
        LocalAnswers.error(
            inbound.request(), status, LocalAnswers.reason(status), agent(), why, extra));
  }

  /** The relay ended this call's media before any answer (offer-timeout): cancelled, no delete. */
  void relayEnded() {
    media.relayEnded();
    cancel();
  }

  private void finish(SipResponse finalResponse) {
    phase = Phase.FAILED;
    ctx.events().failed(callId, finalResponse.status(), finalResponse.reasonPhrase());
    respond(finalResponse);
    media.delete(callerTag); // the final failure of the call ends its media; failover does not
    maybeEnd();
  }

  private void respond(SipResponse response) {
    try {
      inbound.respond(response);
    } catch (IllegalStateException e) {
      ctx.counters().dropped(SipCounters.Drop.UPSTREAM_GONE);
      LOG.debug("call {}: {} not sent upstream: {}", callId, response.status(), e.getMessage());
    }
  }

  private String agent() {
    return CoreContext.agent(legs.in());
  }

  /**
   * A 2xx of {@code tx} established a dialog: its gateway's load and the call's media session now
   * last until the BYE ({@link AnsweredCalls}), which also keeps what a BYE to each side needs
   * ({@link DialogState}, for terminate).
   */
  private void dialogOn(ClientTransaction tx, String toTag, SipResponse ok) {
    Gateway gw = failover.handOver(tx);
    if (gw == null) {
      return;
    }
    // where this very branch went: the gateway's literal address or what its name resolved to
    Destination gateway =
        new Destination(
            tx.hop().reliable()
                ? io.isthmus.proxy.network.Transport.TCP
                : io.isthmus.proxy.network.Transport.UDP,
            tx.hop().remote());
    DialogState dialog =
        DialogState.of(
                request,
                ok,
                ctx.routing().sockets(),
                legs.in().network(),
                new Destination(legs.in().transport(), inbound.hop().remote()),
                legs.out(),
                gateway)
            .orElse(null);
    if (dialog == null) {
      LOG.info(
          "call {}: the 2xx of {} lacks a dialog (Contact, tags): no BYE on terminate",
          callId,
          toTag);
    }
    ctx.events().answered(callId, toTag); // first: the answered table's listener reads it
    ctx.answered().answered(callId, toTag, gw, dialog, media, SessionTimer.interval(ok));
    handedOver = true;
  }

  private void maybeEnd() {
    if (!ended && phase != Phase.SETTING_UP && liveBranches == 0) {
      ended = true;
      if (!handedOver) {
        media.delete(callerTag); // the setup ended without a dialog: nothing keeps its media
      }
      failover.close(); // nothing should be left; never leak load past the call
      ctx.events().setupEnded(callId);
      onEnd.run();
    }
  }

  private static String tagOf(SipResponse response) {
    try {
      return response.to().tag();
    } catch (SipParseException e) {
      return null;
    }
  }
}
