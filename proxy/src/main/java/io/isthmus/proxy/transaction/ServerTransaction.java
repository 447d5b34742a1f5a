package io.isthmus.proxy.transaction;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;

/**
 * The server side of a transaction (RFC 3261 §17.2): it received a request and sends the responses
 * the core gives it, absorbing retransmissions of the request by resending the last response.
 */
public abstract sealed class ServerTransaction extends Transaction
    permits InviteServerTransaction, NonInviteServerTransaction {
  final ServerTransactionId id;
  SipResponse lastResponse;

  ServerTransaction(
      TransactionLayer layer,
      SipRequest request,
      Hop source,
      ServerTransactionId id,
      TransactionState initial) {
    super(layer, request, source, initial);
    this.id = id;
  }

  /**
   * Sends {@code response} (provisional or final) to where the request came from and moves the
   * state machine on.
   *
   * @throws IllegalStateException when the state admits no such response (a second final, a
   *     provisional after the final)
   */
  public abstract void respond(SipResponse response);

  @Override
  final void lingering() {
    super.lingering();
    if (lastResponse != null) {
      lastResponse.compact();
    }
  }

  /** The last response sent, or null. */
  public final SipResponse lastResponse() {
    return lastResponse;
  }

  /** The request arrived again (same transaction id), from {@code source}. */
  abstract void onRetransmission(SipRequest retransmission, Hop source);

  /** The To tag of the last response sent, for RFC 2543 ACK matching; null when none. */
  final String lastResponseToTag() {
    if (lastResponse == null) {
      return null;
    }
    try {
      return lastResponse.to().tag();
    } catch (SipParseException e) {
      return null;
    }
  }

  final IllegalStateException refused(SipResponse response) {
    return new IllegalStateException(
        "cannot send " + response.status() + " on " + kind() + " in state " + state);
  }
}
