package io.isthmus.proxy.core;

import io.isthmus.proxy.dispatcher.CallFailure;
import io.isthmus.proxy.dispatcher.FailoverPlan;
import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.media.MediaAnswer;
import io.isthmus.proxy.media.MediaDelete;
import io.isthmus.proxy.media.MediaOffer;
import io.isthmus.proxy.media.MediaResult;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.Hop;
import io.isthmus.proxy.transaction.InviteClientTransaction;
import io.isthmus.proxy.transaction.InviteServerTransaction;
import io.isthmus.proxy.transaction.Timeout;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.uri.Uri;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One initial INVITE being set up, public to private or back (DESIGN "A call, public to private"):
 *
 * <ol>
 *   <li>offer the caller's SDP to the relay with direction [caller's network, target network] (none
 *       for a late offer: no SDP in the INVITE); 488 when the relay refuses it, 503 when no relay
 *       answers;
 *   <li>send the INVITE to the next gateway of the target network's set, double record-routed;
 *   <li>18x/2xx with SDP: the relay's answer (for a late offer, the 2xx SDP is the callee's offer,
 *       direction reversed, tagged with the callee's To tag); the response goes to the caller;
 *   <li>408, 5xx, no response at all, or a transport error: the gateway is marked and the same
 *       request (same relay offer) goes to the next gateway; none left: 503 and the media deleted;
 *   <li>any other final failure is relayed (503 as 500, §16.7 step 6) and the media deleted;
 *   <li>CANCEL: 487 to the caller at once, CANCEL to the gateway, media deleted.
 * </ol>
 *
 * The call stays in its core's table until the final response went upstream and its last INVITE
 * client transaction ended (Timer M or D), so 2xx retransmissions are still relayed; in-dialog
 * requests need no state here (they are loose-routed, {@link Relay}). Each attempt counts once in
 * its gateway's call load: until it fails, or, once answered, until {@link AnsweredCalls} sees the
 * call end.
 */
final class Call implements BranchOwner {
  private static final Logger LOG = LoggerFactory.getLogger(Call.class);

  private final ProxyCore core;
  private final InviteServerTransaction inbound;
  private final LocalSockets.Local in;
  private final SipRequest request;
  private final String hash;
  private final String callId;
  private final String callerTag;
  private final String viaBranch;
  private final Network target;
  private final SerialQueue queue;
  private final Map<String, SipResponse> relayed2xx = new HashMap<>();

  /** The gateway of every attempt, and the attempts still counted in its call load. */
  private final Map<ClientTransaction, Gateway> gatewayOf = new IdentityHashMap<>();

  private final Set<ClientTransaction> counting =
      Collections.newSetFromMap(new IdentityHashMap<>());

  /** Callee tags whose dialog was handed to {@link AnsweredCalls}. */
  private final Set<String> established = new HashSet<>();

  /** Dialogs answered by the callee whose media the relay refused: ACKed and hung up by us. */
  private final Map<String, CalleeHangup> hangups = new HashMap<>();

  private FailoverPlan plan;
  private byte[] offerSdp;
  private boolean lateOffer;
  private boolean mediaSession;
  private Gateway gateway;
  private ClientTransaction current;
  private int attempt;
  private int liveBranches;
  private boolean finalSent;
  private boolean cancelled;
  private boolean ended;

  Call(
      ProxyCore core,
      InviteServerTransaction inbound,
      LocalSockets.Local in,
      SipRequest routed,
      String hash)
      throws SipParseException {
    this.core = core;
    this.inbound = inbound;
    this.in = in;
    this.request = routed;
    this.hash = hash;
    this.callId = routed.callId();
    this.callerTag = routed.from().tag() != null ? routed.from().tag() : "";
    this.viaBranch = routed.topVia().branch();
    this.target = core.sockets.networks().targetFor(in.network());
    this.queue = new SerialQueue(core.loop);
  }

  String callId() {
    return callId;
  }

  InviteServerTransaction inbound() {
    return inbound;
  }

  void start() throws SipParseException {
    plan =
        core.dispatcher.plan(setId(), callId, uri(request.from().uri()), uri(request.to().uri()));
    core.events.started(callId, callerTag, in.network().name(), target.name(), target.gatewaySet());
    if (!Forwarding.hasSdp(request)) {
      lateOffer = true;
      queue.thenRun(this::tryNext);
      return;
    }
    MediaOffer offer =
        new MediaOffer(
            callId,
            callerTag,
            null,
            viaBranch,
            request.bodyBytes(),
            List.of(in.network().mediaInterface(), target.mediaInterface()),
            inbound.hop().remote().getAddress());
    queue.then(() -> core.media.offer(offer).thenAcceptAsync(this::onOffer, core.loop));
  }

  private int setId() {
    try {
      return Integer.parseInt(target.gatewaySet().trim());
    } catch (NumberFormatException e) {
      return -1; // an unknown set: the plan is empty and the caller gets 503
    }
  }

  private static io.isthmus.sip.uri.SipUri uri(Uri u) {
    return u instanceof io.isthmus.sip.uri.SipUri s ? s : null;
  }

  private void onOffer(MediaResult result) {
    switch (result) {
      case MediaResult.Sdp sdp -> {
        offerSdp = sdp.sdp();
        mediaSession = true;
        if (cancelled) {
          deleteMedia();
        } else {
          tryNext();
        }
      }
      case MediaResult.Rejected r -> fail(488, "relay refused the offer: " + r.reason());
      case MediaResult.Unavailable u -> fail(503, "media relay unavailable: " + u.reason());
    }
  }

  /** Sends the request to the next gateway of the plan; 503 when there is none. */
  private void tryNext() {
    if (finalSent) {
      return;
    }
    while (true) {
      Optional<Gateway> next = plan.next();
      if (next.isEmpty()) {
        fail(503, "no gateway available in set " + target.gatewaySet() + " of " + target.name());
        return;
      }
      gateway = next.get();
      try {
        Destination d = NextHop.of(gateway.uri());
        LocalSockets.Local out = egress(gateway, d);
        SipRequest forwarded =
            Forwarding.request(
                request,
                in,
                out,
                Branches.branch(hash, attempt++),
                true,
                offerSdp,
                core.config.maxForwards());
        liveBranches++;
        current =
            core.send(forwarded, new Hop(out.name(), d.address(), d.transport().reliable()), this);
        gatewayOf.put(current, gateway);
        core.events.routed(callId, gateway);
        counting.add(current);
        core.dispatcher.callLoad().started(gateway); // once per attempt, ended by attemptEnded
        return;
      } catch (NextHop.Unroutable | SipParseException | RuntimeException e) {
        LOG.warn("gateway {} unusable for {}: {}", gateway, callId, e.toString());
        core.dispatcher.onCallFailure(gateway, CallFailure.transportError());
      }
    }
  }

  /** The gateway's {@code socket=} when it is one of ours, else the socket of its network. */
  private LocalSockets.Local egress(Gateway gw, Destination d) {
    var spec = gw.attrs().socket();
    if (spec != null) {
      Optional<LocalSockets.Local> l = core.sockets.find(spec.proto(), spec.host(), spec.port());
      if (l.isPresent()) {
        return l.get();
      }
    }
    Network n = core.networkFor(d.address().getAddress(), in.network());
    return core.sockets
        .egress(n, d.transport())
        .orElseThrow(() -> new IllegalStateException("no " + d.transport() + " socket on " + n));
  }

  @Override
  public void onResponse(ClientTransaction tx, SipResponse response) {
    int status = response.status();
    if (status == 100) {
      if (tx == current) {
        core.dispatcher.onResponse(gateway, status); // alive
      }
      return;
    }
    if (status < 300) {
      onProvisionalOr2xx(tx, response);
      return;
    }
    if (tx != current || finalSent) {
      return; // a branch we gave up on, or the CANCEL's 487
    }
    attemptEnded(tx);
    if (core.dispatcher.onResponse(gateway, status)) {
      LOG.info("call {}: gateway {} answered {}, failing over", callId, gateway, status);
      tryNext();
      return;
    }
    queue.thenRun(() -> relayFinalFailure(response));
  }

  private void onProvisionalOr2xx(ClientTransaction tx, SipResponse response) {
    int status = response.status();
    boolean ok = status >= 200;
    if (tx == current && ok) {
      core.dispatcher.onResponse(gateway, status);
    }
    String toTag = tagOf(response);
    if (ok && toTag != null && relayed2xx.containsKey(toTag)) {
      queue.thenRun(() -> respond(relayed2xx.get(toTag))); // a retransmission: the same again
      return;
    }
    if (ok && toTag != null && hangups.containsKey(toTag)) {
      queue.thenRun(() -> hangups.get(toTag).sendAck()); // the callee missed our ACK
      return;
    }
    if (!ok && (finalSent || tx != current)) {
      return;
    }
    if (ok && toTag != null && established.add(toTag)) {
      dialogOn(tx, toTag, response);
    }
    if (cancelled || (ok && finalSent && relayed2xx.isEmpty())) {
      // answered after CANCEL or after our own final: the caller acknowledges and hangs up
      queue.thenRun(() -> relayStateless(response));
      return;
    }
    if (ok) {
      finalSent = true; // no failover past a 2xx, whatever comes later
      if (tx != current && current instanceof InviteClientTransaction pending) {
        pending.cancel(); // §16.7 step 10: a late 2xx of an abandoned branch won the call
        attemptEnded(pending);
      }
    }
    if (!Forwarding.hasSdp(response) || toTag == null) {
      queue.thenRun(() -> relay(response, null, ok, toTag));
      return;
    }
    queue.then(
        () ->
            mediaFor(response, toTag)
                .thenAcceptAsync(
                    r -> {
                      if (r instanceof MediaResult.Sdp sdp) {
                        mediaSession = true;
                        relay(response, sdp.sdp(), ok, toTag);
                      } else if (ok) {
                        refuseAnswered(response, toTag, r);
                      } else {
                        // early media lost, the call goes on: the 2xx gets its own chance
                        LOG.warn("call {}: relay failed on {}: {}", callId, status, r);
                        relay(response, new byte[0], ok, toTag);
                      }
                    },
                    core.loop));
  }

  /** Answer to the caller's offer, or for a late offer the callee's own offer (rtpengine a.4). */
  private CompletionStage<MediaResult> mediaFor(SipResponse response, String toTag) {
    byte[] sdp = response.bodyBytes();
    if (!lateOffer) {
      return core.media.answer(new MediaAnswer(callId, callerTag, toTag, viaBranch, sdp));
    }
    return core.media.offer(
        new MediaOffer(
            callId,
            toTag,
            callerTag,
            null,
            sdp,
            List.of(target.mediaInterface(), in.network().mediaInterface()),
            current != null ? current.hop().remote().getAddress() : null));
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
    if (hangups.containsKey(toTag)) {
      hangups.get(toTag).sendAck();
      return;
    }
    LOG.warn(
        "call {}: relay refused the answer of the 2xx ({}): callee hung up, caller 500", callId, r);
    CalleeHangup.start(core, response, in).ifPresent(h -> hangups.put(toTag, h));
    if (relayed2xx.isEmpty() && !cancelled) {
      String why =
          r instanceof MediaResult.Rejected x
              ? "relay refused the callee's answer: " + x.reason()
              : "media relay unavailable for the answer: " + ((MediaResult.Unavailable) r).reason();
      finish(
          LocalAnswers.error(
              inbound.request(), 500, ProxyCore.reason(500), ProxyCore.agent(in), why));
    }
  }

  private void relay(SipResponse response, byte[] body, boolean ok, String toTag) {
    try {
      SipResponse up = Forwarding.response(response, inbound.request(), body);
      if (ok && toTag != null) {
        relayed2xx.put(toTag, up);
      }
      respond(up);
    } catch (SipParseException e) {
      LOG.warn("call {}: cannot relay {}: {}", callId, response.status(), e.getMessage());
    }
  }

  private void relayStateless(SipResponse response) {
    try {
      Relay.forwardStateless(core, response.edit().removeTopVia().build());
    } catch (RuntimeException e) {
      LOG.debug("call {}: late {} not relayed: {}", callId, response.status(), e.toString());
    }
  }

  private void relayFinalFailure(SipResponse response) {
    if (finalSent) {
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
    if (tx != current || finalSent) {
      return;
    }
    attemptEnded(tx);
    if (timeout == Timeout.NO_RESPONSE || timeout == Timeout.TIMER_B) {
      LOG.info("call {}: gateway {} silent ({}), failing over", callId, gateway, timeout);
      core.dispatcher.onCallFailure(gateway, CallFailure.noResponse());
      tryNext();
      return;
    }
    queue.thenRun(() -> relayFinalFailure(synthetic408)); // Timer C: the callee rang too long
  }

  @Override
  public void onTransportError(ClientTransaction tx, Throwable cause) {
    if (tx != current || finalSent) {
      return;
    }
    LOG.info(
        "call {}: cannot reach gateway {} ({}), failing over", callId, gateway, cause.toString());
    attemptEnded(tx);
    core.dispatcher.onCallFailure(gateway, CallFailure.transportError());
    tryNext();
  }

  @Override
  public void onTerminated(ClientTransaction tx) {
    liveBranches--;
    maybeEnd();
  }

  /** CANCEL from the caller: 487 now, CANCEL to the pending branch, media gone (§16.10). */
  void cancel() {
    if (finalSent) {
      return;
    }
    cancelled = true;
    finalSent = true;
    if (current instanceof InviteClientTransaction invite) {
      invite.cancel();
      attemptEnded(invite);
    }
    inbound.respondCancelled();
    core.events.failed(callId, 487, "cancelled");
    deleteMedia();
    maybeEnd();
  }

  /** A final failure generated here: the caller gets {@code status}, the media is deleted. */
  private void fail(int status, String why) {
    if (finalSent) {
      return;
    }
    LOG.info("call {}: {} {}", callId, status, why);
    finish(
        LocalAnswers.error(
            inbound.request(), status, ProxyCore.reason(status), ProxyCore.agent(in), why));
  }

  private void finish(SipResponse finalResponse) {
    finalSent = true;
    core.events.failed(callId, finalResponse.status(), finalResponse.reasonPhrase());
    respond(finalResponse);
    deleteMedia();
    maybeEnd();
  }

  private void respond(SipResponse response) {
    try {
      inbound.respond(response);
    } catch (IllegalStateException e) {
      LOG.debug("call {}: {} not sent upstream: {}", callId, response.status(), e.getMessage());
    }
  }

  /**
   * The final failure of the call ends its media; a failed branch followed by failover does not.
   */
  private void deleteMedia() {
    if (!mediaSession) {
      return;
    }
    mediaSession = false;
    core.media
        .delete(MediaDelete.call(callId, callerTag))
        .whenComplete(
            (r, e) -> {
              if (e != null || !r.ok()) {
                LOG.warn("call {}: media delete failed: {}", callId, e != null ? e : r);
              }
            });
  }

  /** The attempt on {@code tx} failed or was given up: its gateway's load goes, exactly once. */
  private void attemptEnded(ClientTransaction tx) {
    if (counting.remove(tx)) {
      core.dispatcher.callLoad().ended(gatewayOf.get(tx));
    }
  }

  /**
   * A 2xx of {@code tx} established a dialog: its gateway's load now lasts until the BYE ({@link
   * AnsweredCalls}), which also keeps what a BYE to each side needs ({@link DialogState}, for
   * terminate). An attempt already given up (a late 2xx after failover or CANCEL) is counted again:
   * the call does run on that gateway.
   */
  private void dialogOn(ClientTransaction tx, String toTag, SipResponse ok) {
    Gateway gw = gatewayOf.get(tx);
    if (gw == null) {
      return;
    }
    if (!counting.remove(tx)) {
      core.dispatcher.callLoad().started(gw);
    }
    Hop source = inbound.hop();
    Destination gateway;
    try {
      gateway = NextHop.of(gw.uri());
    } catch (NextHop.Unroutable e) {
      gateway = null;
    }
    DialogState dialog =
        DialogState.of(
                request,
                ok,
                core.sockets,
                in.network(),
                new Destination(in.transport(), source.remote()),
                target,
                gateway)
            .orElse(null);
    if (dialog == null) {
      LOG.info(
          "call {}: the 2xx of {} lacks a dialog (Contact, tags): no BYE on terminate",
          callId,
          toTag);
    }
    core.answered.answered(callId, toTag, gw, dialog);
    core.events.answered(callId, toTag);
  }

  private void maybeEnd() {
    if (!ended && finalSent && liveBranches == 0) {
      ended = true;
      for (ClientTransaction tx : List.copyOf(counting)) {
        attemptEnded(tx); // nothing should be left; never leak load past the call
      }
      core.events.setupEnded(callId);
      core.callEnded(this);
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
