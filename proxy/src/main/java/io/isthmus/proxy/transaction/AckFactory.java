package io.isthmus.proxy.transaction;

import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;

/** Builds the ACK an INVITE client transaction sends for a non-2xx final (RFC 3261 §17.1.1.3). */
final class AckFactory {
  private AckFactory() {}

  /**
   * The ACK for {@code response} to {@code invite} (as sent): the INVITE's Request-URI, Call-ID,
   * From, CSeq number (method ACK), top Via (so it reaches the same server transaction) and Route
   * headers; the response's To, which carries the tag of the element that answered; Max-Forwards
   * 70; no body.
   */
  static SipRequest forNon2xx(SipRequest invite, SipResponse response) {
    return CancelFactory.copyOf(
        invite, Method.ACK, CancelFactory.required(response, HeaderName.TO));
  }
}
