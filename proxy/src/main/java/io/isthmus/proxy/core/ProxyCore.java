package io.isthmus.proxy.core;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.Scheduler;
import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.media.MediaControl;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.SourceClassifier;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy core of one event loop (RFC 3261 §16): the transaction user of that loop's {@link
 * TransactionLayer}, owning the calls whose Call-ID maps to the loop. Every method runs on that
 * loop; media-control results come back to it through {@code loop}.
 *
 * <p>A received request goes: validation (§16.3: 400/416/420/483 by the SIP grammar's verdict, 482
 * for a loop), CANCEL handling (§16.10), Route processing (§16.4), OPTIONS to us answered 200, then
 * an in-dialog request (To tag) is loose-routed ({@link Relay}), unless it is addressed to us with
 * no Route (a UA that ignored Record-Route): 404, its ACK dropped; an initial INVITE becomes a
 * {@link Call} (dispatcher, failover, media); any other initial request goes to one gateway of the
 * target network ({@link Relay}).
 */
public final class ProxyCore implements TransactionUser {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyCore.class);

  final ProxyConfig config;
  final LocalSockets sockets;
  final SourceClassifier classifier;
  final Dispatcher dispatcher;
  final MediaControl media;
  final Executor loop;
  final TransactionTransport transport;
  final TransactionLayer layer;
  final AnsweredCalls answered;
  final CallEvents events = new CallEvents(Clock.system(), System::currentTimeMillis);
  private final SipValidator validator;
  private final Consumer<Transaction> terminated;
  private final Map<String, Call> calls = new HashMap<>();
  private final Map<ClientTransaction, BranchOwner> owners = new IdentityHashMap<>();

  /**
   * A core for one loop.
   *
   * @param scheduler the loop's timers
   * @param loop runs media-control continuations on the loop
   * @param transport sends for the transactions and for stateless forwarding (ACK, stray 2xx)
   * @param terminated told of every terminated transaction (the transport bridge forgets it)
   */
  public ProxyCore(
      ProxyConfig config,
      LocalSockets sockets,
      Dispatcher dispatcher,
      MediaControl media,
      Scheduler scheduler,
      Executor loop,
      TransactionTransport transport,
      Consumer<Transaction> terminated) {
    this.config = config;
    this.sockets = sockets;
    this.classifier = new SourceClassifier(sockets.networks());
    this.dispatcher = dispatcher;
    this.media = media;
    this.loop = loop;
    this.transport = transport;
    this.terminated = terminated;
    this.validator = new SipValidator(config.supportedOptionTags());
    this.layer = new TransactionLayer(config.transactions(), scheduler, transport, this);
    this.answered =
        new AnsweredCalls(
            dispatcher.callLoad(),
            scheduler,
            AnsweredCalls.DEFAULT_SESSION_EXPIRY,
            this::sessionExpired,
            events);
  }

  /** An answered call saw no BYE nor any request for the session expiry: free its media. */
  private void sessionExpired(String callId, String calleeTag) {
    LOG.info(
        "call {}: no BYE within {}, media deleted", callId, AnsweredCalls.DEFAULT_SESSION_EXPIRY);
    media
        .delete(io.isthmus.proxy.media.MediaDelete.call(callId, calleeTag))
        .whenComplete(
            (r, e) -> {
              if (e != null || !r.ok()) {
                LOG.debug("call {}: expiry delete: {}", callId, e != null ? e : r);
              }
            });
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
      }
    }
  }

  /** A response from the transport. */
  public void receive(SipResponse response, Flow flow) {
    LocalSockets.Local in = sockets.of(flow.local());
    try {
      layer.onResponse(response, new Hop(in.name(), flow.remote(), flow.transport().reliable()));
    } catch (SipParseException e) {
      LOG.debug("dropped response from {}: {}", flow.remote(), e.getMessage());
    }
  }

  private void answerStateless(
      SipRequest request, Hop hop, LocalSockets.Local in, int status, String why) {
    try {
      SipResponse r = LocalAnswers.error(request, status, reason(status), agent(in), why);
      transport.send(r, hop, e -> LOG.debug("answer {} failed: {}", status, e.toString()));
    } catch (RuntimeException e) {
      LOG.debug("cannot answer {}: {}", status, e.toString());
    }
  }

  @Override
  public void onRequest(ServerTransaction tx) {
    SipRequest request = tx.request();
    LocalSockets.Local in = sockets.byName(tx.hop().socket());
    try {
      Verdict v = validator.validate(request);
      if (!v.accepted()) {
        if (v.mayAnswerLocally()) {
          tx.respond(LocalAnswers.optionsOk(request)); // §16.3 step 3: OPTIONS with MF 0
        } else {
          tx.respond(
              LocalAnswers.error(
                  request, v.status(), v.reason(), agent(in), v.reason(), v.headers()));
        }
        return;
      }
      String hash = Branches.loopHash(request);
      if (Branches.loops(request, hash, sockets)) {
        tx.respond(
            LocalAnswers.error(request, 482, "Loop Detected", agent(in), "loop via " + agent(in)));
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
                reason(404),
                agent(in),
                "not here: in-dialog request addressed to this proxy without a Route"));
        return;
      }
      if (request.to().tag() != null) {
        new Relay(this, tx, in, routed, hash).start();
      } else if (request.method().equals(Method.INVITE)) {
        startCall((InviteServerTransaction) tx, in, routed, hash);
      } else {
        new Relay(this, tx, in, routed, hash).startToGateway();
      }
    } catch (SipParseException e) {
      tx.respond(LocalAnswers.error(request, 400, "Bad Request", agent(in), e.getMessage()));
    }
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
      tx.respond(
          LocalAnswers.error(tx.request(), 482, "Loop Detected", agent(in), "merged request"));
      return;
    }
    Call call = new Call(this, tx, in, routed.request(), hash);
    calls.put(callId, call);
    call.start();
  }

  /** §16.10: 481 without a matching INVITE; else 200, then the call cancels its branch. */
  private void cancel(ServerTransaction tx, LocalSockets.Local in) throws SipParseException {
    SipRequest cancel = tx.request();
    Optional<InviteServerTransaction> target = layer.findCancelled(cancel);
    if (target.isEmpty()) {
      tx.respond(
          LocalAnswers.error(
              cancel, 481, "Call/Transaction Does Not Exist", agent(in), "no INVITE to cancel"));
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
      if (!v.accepted()) {
        return; // an ACK is never answered
      }
      String hash = Branches.loopHash(ack);
      if (Branches.loops(ack, hash, sockets)) {
        return;
      }
      RouteProcessing.Routed routed = RouteProcessing.process(ack, sockets);
      if (notHere(routed)) {
        LOG.debug("dropped ACK from {}: addressed to us without a Route", source.remote());
        return; // the ACK of a request we answered 404, or of a 2xx we never sent: nothing to do
      }
      Relay.forwardAck(this, ack, in, source, routed, hash);
    } catch (SipParseException e) {
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
        Relay.forwardStateless(this, response.edit().removeTopVia().build());
      }
    } catch (SipParseException e) {
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
    terminated.accept(tx);
  }

  /** Sends {@code request} on a new client transaction owned by {@code owner}. */
  ClientTransaction send(SipRequest request, Hop hop, BranchOwner owner) {
    ClientTransaction tx = layer.newClientTransaction(request, hop);
    if (!tx.isTerminated()) {
      owners.put(tx, owner);
    }
    return tx;
  }

  void callEnded(Call call) {
    calls.remove(call.callId(), call);
  }

  /** The network a destination address belongs to, else the target of the inbound network. */
  Network networkFor(java.net.InetAddress address, Network inbound) {
    Network n = classifier.networkOf(address);
    return n != null ? n : sockets.networks().targetFor(inbound);
  }

  static String agent(LocalSockets.Local in) {
    return in.host() + ":" + in.bound().getPort();
  }

  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 408 -> "Request Timeout";
      case 481 -> "Call/Transaction Does Not Exist";
      case 482 -> "Loop Detected";
      case 483 -> "Too Many Hops";
      case 488 -> "Not Acceptable Here";
      case 500 -> "Server Internal Error";
      case 503 -> "Service Unavailable";
      default -> io.isthmus.proxy.transport.StatelessResponses.reasonPhrase(status);
    };
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
    answered.ended(callId, callerTag, calleeTag, "terminate");
    media
        .delete(io.isthmus.proxy.media.MediaDelete.call(callId, callerTag))
        .whenComplete(
            (r, e) -> {
              if (e != null || !r.ok()) {
                LOG.warn("call {}: terminate: media delete: {}", callId, e != null ? e : r);
              }
            });
    boolean byes = dialog != null && Teardown.send(this, dialog);
    return byes ? "bye-sent" : "media-deleted";
  }

  /** Client transactions with an owner (calls, relays, probes). */
  public int pendingBranches() {
    return owners.size();
  }
}
