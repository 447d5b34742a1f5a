package io.isthmus.proxy.transaction;

import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import java.util.function.Consumer;

/**
 * What every transaction has: the request that created it, the hop it runs over, a state, and the
 * layer it belongs to. Single-threaded: every method runs on the layer's event loop.
 */
public abstract sealed class Transaction permits ClientTransaction, ServerTransaction {
  final TransactionLayer layer;
  final TransactionConfig config;
  final SipRequest request;
  final Hop hop;
  TransactionState state;

  /** Handed to every send: a failure is handled on the loop once the current work is done. */
  private final Consumer<Throwable> onSendFailure;

  Transaction(TransactionLayer layer, SipRequest request, Hop hop, TransactionState initial) {
    this.layer = layer;
    this.config = layer.config();
    this.request = request;
    this.hop = hop;
    this.state = initial;
    this.onSendFailure = cause -> layer.scheduler().schedule(() -> transportFailed(cause), 0);
  }

  /** The request: as received for a server transaction, as sent for a client transaction. */
  public final SipRequest request() {
    return request;
  }

  /** The hop: where the request came from (server) or where it was sent (client). */
  public final Hop hop() {
    return hop;
  }

  public final TransactionState state() {
    return state;
  }

  public final boolean isTerminated() {
    return state == TransactionState.TERMINATED;
  }

  public abstract TransactionKind kind();

  /** Whether timers A, E and G run and the wait timers D, I, J, K are non-zero. */
  final boolean unreliable() {
    return !hop.reliable();
  }

  /**
   * Sends through the transport; a failure is handled on the loop once the current work is done.
   */
  final void send(SipMessage message) {
    layer.transport().send(message, hop, onSendFailure);
  }

  /** Sends a message again, counted as a retransmission. */
  final void resend(SipMessage message) {
    layer.metrics().retransmissionSent();
    send(message);
  }

  final void absorbed() {
    layer.metrics().retransmissionAbsorbed();
  }

  /** The destination proved unreachable (not this send's own failure): handled as one, now. */
  final void unreachable(Throwable cause) {
    transportFailed(cause);
  }

  private void transportFailed(Throwable cause) {
    if (isTerminated()) {
      return;
    }
    layer.metrics().transportError();
    stopTimers(); // nothing more goes out; the user hears of the error, then of the end
    if (reportsToUser()) {
      layer.user().onTransportError(this, cause);
    }
    terminate();
  }

  /** Moves to Terminated: timers stopped, out of the layer's tables, the user told. */
  final void terminate() {
    if (isTerminated()) {
      return;
    }
    state = TransactionState.TERMINATED;
    stopTimers();
    layer.remove(this);
    if (reportsToUser()) {
      layer.user().onTerminated(this);
    }
  }

  /**
   * The transaction now only waits out a timer (Accepted, Completed): its messages stay for
   * retransmissions alone, so their parsed header values go ({@link SipMessage#compact}). Thousands
   * of calls wait so at any time (Timer L and M run 32 s past each answer), and with the parsed
   * values kept they were the larger part of the live heap under load.
   */
  void lingering() {
    request.compact();
  }

  /** False for the CANCEL a client transaction sends on its own: the core never sees it. */
  boolean reportsToUser() {
    return true;
  }

  abstract void stopTimers();

  @Override
  public String toString() {
    return kind() + "[" + state + " " + request + "]";
  }
}
