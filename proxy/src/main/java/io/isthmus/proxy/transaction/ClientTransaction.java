package io.isthmus.proxy.transaction;

import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;

/**
 * The client side of a transaction (RFC 3261 §17.1): it sends a request to one hop, retransmits it
 * over UDP until a response comes, and passes the responses to the core.
 */
public abstract sealed class ClientTransaction extends Transaction
    permits InviteClientTransaction, NonInviteClientTransaction {
  final ClientTransactionId id;
  private final boolean internal;

  ClientTransaction(
      TransactionLayer layer,
      SipRequest request,
      Hop destination,
      ClientTransactionId id,
      TransactionState initial,
      boolean internal) {
    super(layer, request, destination, initial);
    this.id = id;
    this.internal = internal;
  }

  /** The branch of the Via this transaction put on its request. */
  public final String branch() {
    return id.branch();
  }

  /** Sends the request and starts the timers. */
  abstract void start();

  /** A response matched this transaction. */
  abstract void onResponse(SipResponse response);

  @Override
  final boolean reportsToUser() {
    return !internal;
  }

  /** Reports a timeout with its 408, built from the request as sent (§16.7 step 2). */
  final void reportTimeout(Timeout timeout) {
    layer.metrics().timeout(timeout);
    if (reportsToUser()) {
      SipResponse synthetic =
          io.isthmus.sip.message.SipResponses.forRequest(
              request, 408, "Request Timeout", layer.newToTag());
      layer.user().onTimeout(this, timeout, synthetic);
    }
  }

  final void reportResponse(SipResponse response) {
    if (reportsToUser()) {
      layer.user().onResponse(this, response);
    }
  }
}
