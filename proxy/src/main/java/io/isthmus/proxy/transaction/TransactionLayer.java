package io.isthmus.proxy.transaction;

import io.isthmus.common.time.Scheduler;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.Via;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The transactions of one event loop (RFC 3261 §17): matches incoming requests and responses to
 * them (§17.1.3, §17.2.3), creates server transactions for new requests and client transactions for
 * the requests the core forwards, and absorbs retransmissions. Plain maps, no locks: the layer, its
 * transactions and their timers all run on the loop that owns the calls.
 *
 * <p>The core calls {@link #onRequest}, {@link #onResponse}, {@link #newClientTransaction} and
 * {@link #findCancelled}, and {@link ServerTransaction#respond} on the transactions it is given; it
 * hears back through its {@link TransactionUser}.
 */
public final class TransactionLayer {
  private final TransactionConfig config;
  private final Scheduler scheduler;
  private final TransactionTransport transport;
  private final TransactionUser user;
  private final Supplier<String> toTags;
  private final TransactionMetrics metrics = new TransactionMetrics();
  private final Map<ServerTransactionId, ServerTransaction> servers = new HashMap<>();
  private final Map<ClientTransactionId, ClientTransaction> clients = new HashMap<>();

  /**
   * A layer whose timers run on {@code scheduler} (the owning event loop), sending through {@code
   * transport} and reporting to {@code user}; To tags of the responses it generates (487, the
   * synthetic 408) come from {@code toTags}.
   */
  public TransactionLayer(
      TransactionConfig config,
      Scheduler scheduler,
      TransactionTransport transport,
      TransactionUser user,
      Supplier<String> toTags) {
    this.config = Objects.requireNonNull(config, "config");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.user = Objects.requireNonNull(user, "user");
    this.toTags = Objects.requireNonNull(toTags, "toTags");
  }

  /** A layer with random 64-bit hex To tags (RFC 3261 §19.3 asks for 32 random bits at least). */
  public TransactionLayer(
      TransactionConfig config,
      Scheduler scheduler,
      TransactionTransport transport,
      TransactionUser user) {
    this(
        config,
        scheduler,
        transport,
        user,
        () -> HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
  }

  /**
   * A request arrived from {@code source}. A retransmission is absorbed by its server transaction
   * (which resends its last response); the ACK of a non-2xx final is absorbed by its INVITE server
   * transaction; any other ACK goes to {@link TransactionUser#onAck}; a new request creates a
   * server transaction that goes to {@link TransactionUser#onRequest}.
   *
   * @throws SipParseException when a header the matching needs (top Via, CSeq, Call-ID, From, To)
   *     is missing or malformed; the caller answers 400 (nothing was created)
   */
  public void onRequest(SipRequest request, Hop source) throws SipParseException {
    if (request.method().equals(Method.ACK)) {
      onAck(request, source);
      return;
    }
    ServerTransactionId id = ServerTransactionId.of(request);
    ServerTransaction existing = servers.get(id);
    if (existing != null) {
      existing.onRetransmission(request, source);
      return;
    }
    // checked now so that a malformed CSeq is a 400, not a failure later in the core
    request.cseq();
    ServerTransaction tx;
    if (request.method().equals(Method.INVITE)) {
      InviteServerTransaction invite = new InviteServerTransaction(this, request, source, id);
      register(id, invite);
      invite.start();
      tx = invite;
    } else {
      tx = new NonInviteServerTransaction(this, request, source, id);
      register(id, tx);
    }
    user.onRequest(tx);
  }

  private void register(ServerTransactionId id, ServerTransaction tx) {
    servers.put(id, tx);
    metrics.created(tx);
  }

  private void onAck(SipRequest ack, Hop source) throws SipParseException {
    InviteServerTransaction tx = inviteFor(ack, ack.to().tag(), true);
    if (tx == null) {
      user.onAck(ack, source); // the ACK of a 2xx: its own transaction, routed end to end
    } else {
      tx.onRetransmission(ack, source);
    }
  }

  /**
   * The INVITE server transaction a CANCEL targets (RFC 3261 §9.2): the same id as the INVITE
   * (branch and sent-by, or the RFC 2543 fields), whatever its state. The core answers the CANCEL
   * 481 when there is none; otherwise 200, then cancels its branches and calls {@link
   * InviteServerTransaction#respondCancelled()} when the INVITE is still pending.
   */
  public Optional<InviteServerTransaction> findCancelled(SipRequest cancel)
      throws SipParseException {
    if (!cancel.method().equals(Method.CANCEL)) {
      throw new IllegalArgumentException("not a CANCEL: " + cancel.method());
    }
    return Optional.ofNullable(inviteFor(cancel, cancel.to().tag(), false));
  }

  /**
   * The INVITE server transaction of an ACK or CANCEL. With RFC 2543 ids the To tag is part of the
   * id: a CANCEL repeats the INVITE's; an ACK carries the tag of the response it acknowledges,
   * which is the INVITE's own for a re-INVITE, or a new one the transaction sent (§17.2.3).
   */
  private InviteServerTransaction inviteFor(SipRequest request, String toTag, boolean ack)
      throws SipParseException {
    ServerTransactionId id = ServerTransactionId.of(request, "INVITE", toTag);
    ServerTransaction tx = servers.get(id);
    if (tx == null && ack && toTag != null && id instanceof ServerTransactionId.Legacy) {
      tx = servers.get(ServerTransactionId.of(request, "INVITE", null));
      if (tx != null && !toTag.equals(tx.lastResponseToTag())) {
        tx = null; // the ACK of another response than the one this transaction sent
      }
    }
    return tx instanceof InviteServerTransaction invite ? invite : null;
  }

  /**
   * A response arrived from {@code source}: to its client transaction (§17.1.3: top Via branch and
   * CSeq method), or to {@link TransactionUser#onStrayResponse} when none matches.
   *
   * @throws SipParseException when the top Via or the CSeq is missing or malformed
   */
  public void onResponse(SipResponse response, Hop source) throws SipParseException {
    Via top = response.topVia();
    String method = response.cseq().method();
    ClientTransaction tx =
        top.branch() == null ? null : clients.get(new ClientTransactionId(top.branch(), method));
    if (tx == null) {
      metrics.strayResponse();
      user.onStrayResponse(response, source);
      return;
    }
    tx.onResponse(response);
  }

  /**
   * Sends {@code request} (as the core built it: this proxy's Via with a fresh RFC 3261 branch on
   * top) to {@code destination} on a new client transaction, and starts its timers. An INVITE gets
   * an {@link InviteClientTransaction}.
   *
   * @throws IllegalArgumentException for an ACK (never a transaction: the core sends it as is), or
   *     when the top Via has no RFC 3261 branch or the CSeq is missing
   * @throws IllegalStateException when a client transaction with that branch and method exists
   */
  public ClientTransaction newClientTransaction(SipRequest request, Hop destination) {
    if (request.method().equals(Method.ACK)) {
      throw new IllegalArgumentException("an ACK is not sent on a client transaction");
    }
    ClientTransactionId id = clientId(request);
    ClientTransaction tx =
        request.method().equals(Method.INVITE)
            ? new InviteClientTransaction(this, request, destination, id)
            : new NonInviteClientTransaction(this, request, destination, id, false);
    start(tx);
    return tx;
  }

  /**
   * The CANCEL an INVITE client transaction sends itself; its outcome is no concern of the core.
   */
  void startCancel(SipRequest cancel, Hop destination) {
    ClientTransactionId id = clientId(cancel);
    if (!clients.containsKey(id)) {
      start(new NonInviteClientTransaction(this, cancel, destination, id, true));
    }
  }

  private void start(ClientTransaction tx) {
    if (clients.putIfAbsent(tx.id, tx) != null) {
      throw new IllegalStateException("a client transaction exists for " + tx.id);
    }
    metrics.created(tx);
    tx.start();
  }

  private static ClientTransactionId clientId(SipRequest request) {
    try {
      Via top = request.topVia();
      if (!top.isRfc3261Branch()) {
        throw new IllegalArgumentException("top Via has no RFC 3261 branch: " + top);
      }
      String method = request.cseq().method();
      if (!method.equals(request.method().name())) {
        throw new IllegalArgumentException(
            "CSeq method " + method + " differs from " + request.method());
      }
      return new ClientTransactionId(top.branch(), method);
    } catch (SipParseException e) {
      throw new IllegalArgumentException("request to send is malformed: " + e.getMessage(), e);
    }
  }

  /**
   * {@code remote} proved unreachable (ICMP port unreachable, a refused or reset connection): every
   * client transaction sent to it over that kind of transport that has no final response yet
   * (Calling, Trying, Proceeding) fails now as on its own send's failure (§17.1.4), instead of
   * waiting for its timers. Proceeding ones too: a gateway that sent 180 and then died (its port
   * now refuses) will never answer, and Timer C would keep the caller waiting for minutes.
   *
   * @return how many transactions failed
   */
  public int unreachable(java.net.InetSocketAddress remote, boolean reliable, Throwable cause) {
    java.util.List<ClientTransaction> hit = new java.util.ArrayList<>();
    for (ClientTransaction tx : clients.values()) {
      if (tx.hop.reliable() == reliable
          && (tx.state == TransactionState.CALLING
              || tx.state == TransactionState.TRYING
              || tx.state == TransactionState.PROCEEDING)
          && tx.hop.remote().equals(remote)) {
        hit.add(tx);
      }
    }
    for (ClientTransaction tx : hit) {
      tx.unreachable(cause);
    }
    return hit.size();
  }

  /** Called by a transaction that reached Terminated. */
  void remove(Transaction tx) {
    switch (tx) {
      case ServerTransaction s -> servers.remove(s.id, s);
      case ClientTransaction c -> clients.remove(c.id, c);
    }
    metrics.terminated(tx);
  }

  /** The counters of this layer. */
  public TransactionMetrics metrics() {
    return metrics;
  }

  /** Server transactions not yet terminated. */
  public int serverTransactionCount() {
    return servers.size();
  }

  /** Client transactions not yet terminated (the CANCELs the layer sends itself included). */
  public int clientTransactionCount() {
    return clients.size();
  }

  TransactionConfig config() {
    return config;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  TransactionTransport transport() {
    return transport;
  }

  TransactionUser user() {
    return user;
  }

  String newToTag() {
    return toTags.get();
  }
}
