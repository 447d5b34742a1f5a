package io.isthmus.proxy.core;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.Scheduler;
import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.media.MediaControl;
import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.Hop;
import io.isthmus.proxy.transaction.InviteServerTransaction;
import io.isthmus.proxy.transaction.ServerTransaction;
import io.isthmus.proxy.transaction.Timeout;
import io.isthmus.proxy.transaction.Transaction;
import io.isthmus.proxy.transaction.TransactionLayer;
import io.isthmus.proxy.transaction.TransactionTransport;
import io.isthmus.proxy.transaction.TransactionUser;
import io.isthmus.proxy.transport.Flow;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.message.SipValidator;
import io.isthmus.sip.message.Verdict;
import io.isthmus.sip.uri.SipUri;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy core of one event loop (RFC 3261 §16): the transaction user of that loop's {@link
 * TransactionLayer}, owning the calls whose Call-ID maps to the loop. Every method runs on that
 * loop; media-control results come back to it through {@code loop} (inline when they complete
 * there, as the in-process relay's do).
 *
 * <p>A received request goes: validation (§16.3: 400/416/420/483 by the SIP grammar's verdict, 482
 * for a loop), CANCEL handling (§16.10), Route processing (§16.4), OPTIONS to us answered 200, then
 * an in-dialog request (To tag) is loose-routed ({@link RequestForwarder}), unless it is addressed
 * to us with no Route (a UA that ignored Record-Route): 404, its ACK dropped; an initial INVITE
 * becomes a {@link Call} (dispatcher, failover, media) on the {@link Legs} from its socket to the
 * target network; any other initial request goes to one gateway of the target network ({@link
 * RequestForwarder}). What a call may use of the core it gets as one {@link CoreContext}.
 */
public final class ProxyCore implements TransactionUser {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyCore.class);

  private final LocalSockets sockets;
  private final CoreContext ctx;
  private final TransactionLayer layer;
  private final AnsweredCalls answered;
  private final CallEvents events;
  private final SipValidator validator;
  private final SipCounters counters;
  private final Map<String, Call> calls = new HashMap<>();
  private final Map<ClientTransaction, BranchOwner> owners = new IdentityHashMap<>();
  private final EdgeSecurity security;

  /**
   * A core for one loop.
   *
   * @param scheduler the loop's timers
   * @param loop runs media-control continuations on the loop, inline when already there
   * @param transport sends for the transactions and for stateless forwarding (ACK, stray 2xx)
   * @param counters where dropped messages are counted by cause
   */
  public ProxyCore(
      ProxyConfig config,
      LocalSockets sockets,
      Dispatcher dispatcher,
      MediaControl media,
      Scheduler scheduler,
      Executor loop,
      TransactionTransport transport,
      SipCounters counters) {
    this(
        config,
        sockets,
        dispatcher,
        media,
        scheduler,
        loop,
        transport,
        counters,
        EdgeSecurity.NONE);
  }

  /**
   * A core for one loop whose requests pass the edge checks of {@code security}: signed routes for
   * in-dialog requests, no pre-loaded foreign Route from an untrusted source, digest authentication
   * of the initial requests of the networks that require it.
   */
  public ProxyCore(
      ProxyConfig config,
      LocalSockets sockets,
      Dispatcher dispatcher,
      MediaControl media,
      Scheduler scheduler,
      Executor loop,
      TransactionTransport transport,
      SipCounters counters,
      EdgeSecurity security) {
    this(
        config,
        sockets,
        dispatcher,
        media,
        scheduler,
        loop,
        transport,
        counters,
        security,
        DialogListener.NONE);
  }

  /**
   * A core for one loop as above whose answered dialogs are told to {@code dialogs} (HA: written to
   * Redis so that another process can carry them on).
   */
  public ProxyCore(
      ProxyConfig config,
      LocalSockets sockets,
      Dispatcher dispatcher,
      MediaControl media,
      Scheduler scheduler,
      Executor loop,
      TransactionTransport transport,
      SipCounters counters,
      EdgeSecurity security,
      DialogListener dialogs) {
    this.security = security;
    this.sockets = sockets;
    this.counters = counters;
    // setup times and durations on the timers' clock where it is one (a test's fake clock)
    this.events =
        new CallEvents(
            scheduler instanceof Clock c ? c : Clock.system(), System::currentTimeMillis);
    this.validator = new SipValidator(config.supportedOptionTags());
    this.layer = new TransactionLayer(config.transactions(), scheduler, transport, this);
    this.answered =
        new AnsweredCalls(
            dispatcher.callLoad(),
            scheduler,
            config.dialogLifetime(),
            events,
            this::tearDown,
            dialogs,
            media::pinnedNode,
            System::currentTimeMillis);
    this.ctx =
        new CoreContext(
            config,
            new Routing(sockets),
            dispatcher,
            media,
            loop,
            transport,
            this::send,
            answered,
            events,
            counters);
  }

  /** The BYEs of a dialog the proxy ends (its lifetime or session timer ran out, media gone). */
  private void tearDown(DialogState dialog) {
    Teardown.send(ctx, dialog);
  }

  /** A request from the transport (already source-checked and Via-stamped). */
  public void receive(SipRequest request, Flow flow) {
    LocalSockets.Local in = sockets.of(flow.local());
    Hop hop = new Hop(in.name(), flow.remote(), flow.transport().reliable());
    try {
      layer.onRequest(request, hop);
    } catch (SipParseException e) {
      if (!request.method().equals(Method.ACK)) {
        answerStateless(request, hop, in, e.status() >= 400 ? e.status() : 400, e.reason());
      } else {
        counters.dropped(SipCounters.Drop.ACK);
      }
    }
  }

  /** A response from the transport. */
  public void receive(SipResponse response, Flow flow) {
    LocalSockets.Local in = sockets.of(flow.local());
    try {
      layer.onResponse(response, new Hop(in.name(), flow.remote(), flow.transport().reliable()));
    } catch (SipParseException e) {
      counters.dropped(SipCounters.Drop.UNREADABLE_RESPONSE);
      LOG.debug("dropped response from {}: {}", flow.remote(), e.getMessage());
    }
  }

  private void answerStateless(
      SipRequest request, Hop hop, LocalSockets.Local in, int status, String why) {
    try {
      SipResponse r = LocalAnswers.error(request, status, CoreContext.agent(in), why);
      ctx.transport().send(r, hop, e -> LOG.debug("answer {} failed: {}", status, e.toString()));
    } catch (RuntimeException e) {
      counters.dropped(SipCounters.Drop.INTERNAL_ERROR);
      LOG.debug("cannot answer {}: {}", status, e.toString());
    }
  }

  @Override
  public void onRequest(ServerTransaction tx) {
    SipRequest request = tx.request();
    LocalSockets.Local in = sockets.byName(tx.hop().socket());
    try {
      route(tx, request, in);
    } catch (SipParseException e) {
      tx.respond(LocalAnswers.error(request, 400, CoreContext.agent(in), e.getMessage()));
    } catch (RuntimeException e) {
      // a bug on the way: the caller gets 500 now rather than silence and retransmissions
      counters.dropped(SipCounters.Drop.INTERNAL_ERROR);
      LOG.warn("request {} failed inside the proxy", request.method(), e);
      if (!tx.isTerminated()) {
        try {
          tx.respond(LocalAnswers.error(request, 500, CoreContext.agent(in), e.toString()));
        } catch (RuntimeException again) {
          LOG.debug("cannot answer 500: {}", again.toString());
        }
      }
    }
  }

  /** §16.3 validation, then CANCEL, OPTIONS to us, in-dialog, initial INVITE, other initial. */
  private void route(ServerTransaction tx, SipRequest request, LocalSockets.Local in)
      throws SipParseException {
    Verdict v = validator.validate(request);
    if (!v.accepted()) {
      if (v.mayAnswerLocally()) {
        tx.respond(LocalAnswers.optionsOk(request)); // §16.3 step 3: OPTIONS with MF 0
      } else {
        tx.respond(
            LocalAnswers.error(
                request, v.status(), v.reason(), CoreContext.agent(in), v.reason(), v.headers()));
      }
      return;
    }
    String hash = Branches.loopHash(request);
    if (Branches.loops(request, hash, sockets)) {
      String agent = CoreContext.agent(in);
      tx.respond(LocalAnswers.error(request, 482, agent, "loop via " + agent));
      return;
    }
    if (request.method().equals(Method.CANCEL)) {
      cancel(tx, in);
      return;
    }
    RouteProcessing.Routed routed = RouteProcessing.process(request, sockets);
    if (request.method().equals(Method.OPTIONS) && !routed.hasRoute() && addressedToUs(request)) {
      tx.respond(LocalAnswers.optionsOk(request));
      return;
    }
    if (request.to().tag() != null && notHere(routed)) {
      // A UA that ignored our Record-Route (sipp's built-in uac) sends its in-dialog requests to
      // us with no Route: forwarding would send them to ourselves and loop. Kamailio's stock
      // config answers what loose_route() refuses "404 Not here"; so do we (§16.4: no Route
      // left and a Request-URI of ours means the request is for this element, not a dialog here)
      tx.respond(
          LocalAnswers.error(
              request,
              404,
              CoreContext.agent(in),
              "not here: in-dialog request addressed to this proxy without a Route"));
      return;
    }
    java.net.InetAddress source = tx.hop().remote().getAddress();
    String forged = forgedRoute(request, routed, source);
    if (forged != null) {
      LOG.info("refused {} from {}: {}", request.method(), tx.hop().remote(), forged);
      tx.respond(LocalAnswers.error(request, 403, "Forbidden", CoreContext.agent(in), forged));
      return;
    }
    if (request.to().tag() == null) {
      routed = authenticate(tx, request, routed, in, source);
      if (routed == null) {
        return; // challenged
      }
    }
    if (request.to().tag() != null) {
      new RequestForwarder(ctx, tx, in, routed, hash).start();
    } else if (request.method().equals(Method.INVITE)) {
      startCall((InviteServerTransaction) tx, in, routed, hash);
    } else {
      new RequestForwarder(ctx, tx, in, routed, hash).startToGateway();
    }
  }

  /**
   * The dialog checks (null: the request may go on). An in-dialog request along Routes of ours must
   * carry our signature for its dialog, or belong to a dialog answered here; from an untrusted
   * source it must come along our Routes at all, and an initial request must not carry a pre-loaded
   * Route towards another host. Trusted sources (gateways) are not checked. Off without a route
   * signer.
   */
  private String forgedRoute(
      SipRequest request, RouteProcessing.Routed routed, java.net.InetAddress source)
      throws SipParseException {
    RouteSigner signer = security.routes();
    if (signer == null || security.trusted().test(source)) {
      return null;
    }
    String callId = request.callId();
    String fromTag = request.from().tag();
    String toTag = request.to().tag();
    if (toTag == null) {
      return routed.hasRoute()
          ? "pre-loaded Route towards " + routed.nextHop() + " from an untrusted source"
          : null;
    }
    if (answered.session(callId, fromTag, toTag) != null) {
      return null; // a dialog answered here
    }
    if (routed.routesRemoved() == 0) {
      return "in-dialog request not along a route this proxy record-routed";
    }
    var routes = request.routes();
    for (int i = 0; i < routed.routesRemoved(); i++) {
      if (routes.get(i).uri() instanceof SipUri u
          && signer.verifies(u.parameter(RouteSigner.PARAM), callId, fromTag, toTag)) {
        return null;
      }
    }
    return "Route names this proxy without its signature for this dialog";
  }

  /**
   * Digest authentication of an initial request on a network that requires it (RFC 3261 §22.3):
   * challenged with 407 (null returned), or the request without our credentials and with the
   * caller's identity asserted (RFC 3325 P-Asserted-Identity), logged in the call record.
   */
  private RouteProcessing.Routed authenticate(
      ServerTransaction tx,
      SipRequest request,
      RouteProcessing.Routed routed,
      LocalSockets.Local in,
      java.net.InetAddress source)
      throws SipParseException {
    io.isthmus.proxy.auth.DigestAuthenticator auth = security.auth().get(in.network().name());
    if (auth == null || security.trusted().test(source)) {
      return routed;
    }
    io.isthmus.proxy.auth.AuthResult r = auth.check(request, source);
    if (r instanceof io.isthmus.proxy.auth.AuthResult.Challenge c) {
      java.util.List<io.isthmus.sip.message.HeaderField> h = new java.util.ArrayList<>();
      for (String v : c.proxyAuthenticate()) {
        h.add(
            new io.isthmus.sip.message.HeaderField(
                io.isthmus.sip.message.HeaderName.PROXY_AUTHENTICATE, v));
      }
      String why =
          c.failure() == io.isthmus.proxy.auth.AuthResult.Failure.NONE
              ? null
              : "authentication failed: "
                  + c.failure().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
      tx.respond(
          LocalAnswers.error(
              request, 407, "Proxy Authentication Required", CoreContext.agent(in), why, h));
      return null;
    }
    var ok = (io.isthmus.proxy.auth.AuthResult.Authenticated) r;
    events.authenticated(request.callId(), ok.identity());
    var e = routed.request().edit();
    if (routed.request().valueCount(io.isthmus.sip.message.HeaderName.PROXY_AUTHORIZATION) == 1) {
      e.removeHeader(io.isthmus.sip.message.HeaderName.PROXY_AUTHORIZATION); // ours: consumed
    }
    io.isthmus.sip.message.HeaderName pai =
        io.isthmus.sip.message.HeaderName.of("P-Asserted-Identity");
    e.removeHeader(pai);
    e.addHeader(pai, "<sip:" + ok.user() + "@" + ok.realm() + ">");
    return new RouteProcessing.Routed(
        e.build(), routed.nextHop(), routed.hasRoute(), routed.routesRemoved());
  }

  /** No Route left after ours were removed, and the Request-URI names one of our sockets. */
  private boolean notHere(RouteProcessing.Routed routed) {
    return !routed.hasRoute() && sockets.isUs(routed.nextHop());
  }

  private boolean addressedToUs(SipRequest request) throws SipParseException {
    return request.requestUri() instanceof SipUri uri && uri.user() == null && sockets.isUs(uri);
  }

  private void startCall(
      InviteServerTransaction tx, LocalSockets.Local in, RouteProcessing.Routed routed, String hash)
      throws SipParseException {
    String callId = routed.request().callId();
    if (calls.containsKey(callId)) {
      // a second initial INVITE of a call being set up here: merged (RFC 3261 §8.2.2.2)
      tx.respond(LocalAnswers.error(tx.request(), 482, CoreContext.agent(in), "merged request"));
      return;
    }
    Legs legs = new Legs(in, ctx.routing().targetFor(in.network()));
    Call[] self = new Call[1];
    self[0] = new Call(ctx, tx, legs, routed.request(), hash, () -> calls.remove(callId, self[0]));
    calls.put(callId, self[0]);
    self[0].start();
  }

  /** §16.10: 481 without a matching INVITE; else 200, then the call cancels its branch. */
  private void cancel(ServerTransaction tx, LocalSockets.Local in) throws SipParseException {
    SipRequest cancel = tx.request();
    Optional<InviteServerTransaction> target = layer.findCancelled(cancel);
    if (target.isEmpty()) {
      tx.respond(LocalAnswers.error(cancel, 481, CoreContext.agent(in), "no INVITE to cancel"));
      return;
    }
    tx.respond(
        io.isthmus.sip.message.SipResponses.forRequest(cancel, 200, "OK", LocalAnswers.tag()));
    Call call = calls.get(cancel.callId());
    if (call != null && call.inbound() == target.get()) {
      call.cancel();
    } else {
      target.get().respondCancelled();
    }
  }

  @Override
  public void onAck(SipRequest ack, Hop source) {
    LocalSockets.Local in = sockets.byName(source.socket());
    try {
      Verdict v = validator.validate(ack);
      String hash = v.accepted() ? Branches.loopHash(ack) : null;
      if (hash == null || Branches.loops(ack, hash, sockets)) {
        counters.dropped(SipCounters.Drop.ACK); // invalid or looping: an ACK is never answered
        return;
      }
      RouteProcessing.Routed routed = RouteProcessing.process(ack, sockets);
      if (notHere(routed)) {
        // the ACK of a request we answered 404, or of a 2xx we never sent: nothing to do
        counters.dropped(SipCounters.Drop.ACK);
        return;
      }
      String forged = forgedRoute(ack, routed, source.remote().getAddress());
      if (forged != null) {
        counters.dropped(SipCounters.Drop.FORGED_ROUTE);
        LOG.info("dropped ACK from {}: {}", source.remote(), forged);
        return;
      }
      StatelessRelay.ack(ctx, ack, in, routed, hash);
    } catch (SipParseException e) {
      counters.dropped(SipCounters.Drop.ACK);
      LOG.debug("dropped ACK from {}: {}", source.remote(), e.getMessage());
    }
  }

  @Override
  public void onResponse(ClientTransaction tx, SipResponse response) {
    BranchOwner owner = owners.get(tx);
    if (owner != null) {
      owner.onResponse(tx, response);
    } else {
      onStrayResponse(response, tx.hop());
    }
  }

  @Override
  public void onTimeout(ClientTransaction tx, Timeout timeout, SipResponse synthetic408) {
    BranchOwner owner = owners.get(tx);
    if (owner != null) {
      owner.onTimeout(tx, timeout, synthetic408);
    }
  }

  /** §16.7 step 1 and RFC 6026: a 2xx to an INVITE without transaction is relayed statelessly. */
  @Override
  public void onStrayResponse(SipResponse response, Hop source) {
    try {
      if (response.status() >= 200
          && response.status() < 300
          && response.cseq().method().equals("INVITE")
          && sockets.isUs(response.topVia())) {
        StatelessRelay.response(ctx, response);
      } else {
        counters.dropped(SipCounters.Drop.STRAY_RESPONSE);
      }
    } catch (SipParseException e) {
      counters.dropped(SipCounters.Drop.UNREADABLE_RESPONSE);
      LOG.debug("dropped stray response: {}", e.getMessage());
    }
  }

  @Override
  public void onTransportError(Transaction tx, Throwable cause) {
    if (tx instanceof ClientTransaction c) {
      BranchOwner owner = owners.get(c);
      if (owner != null) {
        owner.onTransportError(c, cause);
      }
    } else {
      counters.dropped(SipCounters.Drop.UNROUTABLE);
      LOG.debug("cannot answer {}: {}", tx, cause.toString());
    }
  }

  @Override
  public void onTerminated(Transaction tx) {
    if (tx instanceof ClientTransaction c) {
      BranchOwner owner = owners.remove(c);
      if (owner != null) {
        owner.onTerminated(c);
      }
    }
  }

  /** Sends {@code request} on a new client transaction owned by {@code owner}. */
  private ClientTransaction send(SipRequest request, Hop hop, BranchOwner owner) {
    ClientTransaction tx = layer.newClientTransaction(request, hop);
    if (!tx.isTerminated()) {
      owners.put(tx, owner);
    }
    return tx;
  }

  /** What probes and hang-ups of this loop use of the core. */
  CoreContext context() {
    return ctx;
  }

  /** The layer of this loop (metrics, counts). */
  public TransactionLayer layer() {
    return layer;
  }

  /** Calls being set up on this loop (until their last INVITE transaction ends). */
  public int activeCalls() {
    return calls.size();
  }

  /** Answered calls on this loop, until their BYE (or session expiry). */
  public int answeredCalls() {
    return answered.size();
  }

  /** Calls started on this loop, and of them answered, since start: {started, answered}. */
  public long[] callTotals() {
    return new long[] {events.startedTotal(), events.answeredTotal()};
  }

  /** A copy of this loop's call setup times. */
  public SetupTimes setupTimes() {
    return events.setupTimes().copy();
  }

  /** Calls in progress on this loop, setting up or answered (the admin API's list). */
  public java.util.List<ProxyCall> calls() {
    return events.snapshot();
  }

  /**
   * Ends a call by hand (the admin API, {@code ctl terminate}): a call still setting up is
   * cancelled as if the caller had sent CANCEL (487 upstream, CANCEL to the gateway, media
   * deleted); an answered call gets a BYE to each party ({@link Teardown}, from the {@link
   * DialogState} kept since its 2xx), its media deleted and its gateway load ended, and is logged
   * as ended by "terminate". The BYEs' answers are not awaited.
   *
   * @return {@code cancelled}; {@code bye-sent} (both BYEs sent, media deleted); {@code
   *     media-deleted} (an answered call without the dialog state for a BYE, e.g. its 2xx had no
   *     Contact, or a BYE could not be routed: media deleted, the phones notice when it stops); or
   *     {@code unknown}
   */
  public String terminate(String callId) {
    String callerTag = events.callerTag(callId);
    if (callerTag == null) {
      return "unknown";
    }
    String calleeTag = events.calleeTag(callId);
    if (calleeTag == null) {
      Call call = calls.get(callId);
      if (call == null) {
        return "unknown";
      }
      call.cancel();
      return "cancelled";
    }
    DialogState dialog = answered.dialog(callId, callerTag, calleeTag);
    MediaSession media = ctx.dialogMedia(callId, callerTag, calleeTag);
    answered.ended(callId, callerTag, calleeTag, "terminate");
    media.delete(callerTag);
    boolean byes = dialog != null && Teardown.send(ctx, dialog);
    return byes ? "bye-sent" : "media-deleted";
  }

  /**
   * The relay ended the media of {@code callId} by itself ({@code reason}: a media timeout, or
   * {@code gone} from its list): the call ends too, logged and counted. An answered call gets a BYE
   * to each party; a call still setting up is cancelled (487 upstream, CANCEL to the gateway).
   */
  public void relayEnded(String callId, String reason) {
    int dialogs = answered.relayEnded(callId, reason);
    Call call = calls.get(callId);
    if (dialogs > 0) {
      LOG.info("call {}: the relay ended its media ({}): BYE sent to both parties", callId, reason);
    } else if (call != null) {
      LOG.info("call {}: the relay ended its media ({}) during setup: cancelled", callId, reason);
      call.relayEnded();
      relayEndedSetups++;
    }
  }

  private long relayEndedSetups;

  /**
   * Carries on a dialog answered in another process ({@link DialogReplica}): its gateway's load,
   * its BYE state for terminate, its media session (assumed allocated, on the replica's relay node,
   * which the media control was told before), its entry in the call list and its expiry. Runs on
   * this core's loop before the proxy serves.
   *
   * @return false when the replica is unreadable or its call is already here
   */
  boolean restore(DialogReplica r, long nowMillis) {
    if (events.callerTag(r.callId()) != null) {
      return false;
    }
    try {
      var gateway = DialogReplicas.gateway(r, ctx.dispatcher().list().gateways());
      DialogState dialog = DialogReplicas.dialog(r, sockets.networks());
      MediaSession media = MediaSession.adopted(ctx.media(), ctx.loop(), r.callId());
      long interval = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(r.intervalMillis());
      long remaining =
          java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(r.expiresAtMillis() - nowMillis);
      if (!answered.restore(
          r.callId(), r.calleeTag(), gateway, dialog, media, interval, remaining)) {
        return false;
      }
      events.restored(
          new ProxyCall(
              r.callId(),
              r.callerTag() == null ? "" : r.callerTag(),
              r.calleeTag(),
              r.callerNetwork(),
              r.calleeNetwork(),
              r.setName(),
              r.gatewayUri(),
              ProxyCall.ANSWERED,
              r.createdMillis(),
              r.answeredMillis(),
              r.callerIdentity()));
      return true;
    } catch (SipParseException | java.io.IOException | RuntimeException e) {
      LOG.warn("call {}: replica not carried on: {}", r.callId(), e.toString());
      return false;
    }
  }

  /** Calls this loop ended because the relay ended their media. */
  public long relayEndedTotal() {
    return answered.relayEndedTotal() + relayEndedSetups;
  }

  /**
   * The sizes of this loop's per-call tables: each must be back to its value before a run of calls
   * once the calls and their transactions ended (the leak test's invariant).
   */
  public Map<String, Integer> tableSizes() {
    return Map.of(
        "calls", calls.size(),
        "answered", answered.size(),
        "branch-owners", owners.size(),
        "call-events", events.size(),
        "server-transactions", layer.serverTransactionCount(),
        "client-transactions", layer.clientTransactionCount());
  }

  /** Client transactions with an owner (calls, forwarded requests, probes). */
  public int pendingBranches() {
    return owners.size();
  }
}
