package io.isthmus.proxy.core;

import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.Timeout;
import io.isthmus.sip.message.SipResponse;

/** Whoever sent a client transaction and wants its outcome: a call setup, a relay, a probe. */
interface BranchOwner {

  void onResponse(ClientTransaction tx, SipResponse response);

  void onTimeout(ClientTransaction tx, Timeout timeout, SipResponse synthetic408);

  void onTransportError(ClientTransaction tx, Throwable cause);

  default void onTerminated(ClientTransaction tx) {}
}
