package io.isthmus.proxy.transaction;

import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;

/**
 * The transaction user (RFC 3261 §17): the proxy core, told by the {@link TransactionLayer} what
 * happened. Every call comes on the event loop that owns the layer; the core may call back into the
 * layer and its transactions from inside any of these methods.
 */
public interface TransactionUser {

  /**
   * A new request, not a retransmission, created {@code tx} (INVITE, CANCEL and every other non-ACK
   * method). For an INVITE the 100 Trying is already on its way (or scheduled, see {@link
   * TransactionConfig#trying100Delay()}). For a CANCEL, {@link TransactionLayer#findCancelled}
   * finds the INVITE server transaction it targets; the core answers the CANCEL itself (200 or 481,
   * §9.2, §16.10).
   */
  void onRequest(ServerTransaction tx);

  /**
   * An ACK the transaction layer does not absorb: the ACK for a 2xx, which belongs to no
   * transaction and is routed end to end (RFC 3261 §17.1.1.3, RFC 6026 §7.1: also an ACK matching
   * an INVITE server transaction in the Accepted state).
   */
  void onAck(SipRequest ack, Hop source);

  /**
   * A response on {@code tx}: provisionals, the final, and, on an INVITE in the Accepted state,
   * every further 2xx (retransmissions and forked answers, RFC 6026 §7.2). Retransmitted non-2xx
   * finals are absorbed and not reported; the ACK for a non-2xx final has been sent.
   */
  void onResponse(ClientTransaction tx, SipResponse response);

  /**
   * {@code tx} gave up on a final response; the core proceeds as if {@code synthetic408} (built
   * from the request as sent, with a To tag) had come for that branch. After this, non-2xx finals
   * on {@code tx} are absorbed silently, but a late 2xx is still reported by {@link #onResponse}.
   */
  void onTimeout(ClientTransaction tx, Timeout timeout, SipResponse synthetic408);

  /**
   * A response that matches no client transaction (§17.1.3), e.g. a 2xx retransmission after Timer
   * M; a proxy forwards it statelessly (RFC 3261 §16.7 step 1).
   */
  void onStrayResponse(SipResponse response, Hop source);

  /** Sending on {@code tx} failed (§17.1.4, §17.2.4); the transaction is terminated. */
  void onTransportError(Transaction tx, Throwable cause);

  /** {@code tx} reached Terminated and left the layer's tables (for cleanup and metrics). */
  void onTerminated(Transaction tx);
}
