package io.isthmus.proxy.transaction;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipRequestBuilder;

/** Builds the CANCEL for an INVITE this proxy sent (RFC 3261 §9.1). */
public final class CancelFactory {
  private CancelFactory() {}

  /**
   * The CANCEL of {@code invite}, the request exactly as it was sent on the branch: the same
   * Request-URI, Call-ID, To, From and CSeq number with method CANCEL; one Via equal to the
   * request's top Via, so the CANCEL reaches the same server transaction (§9.1); the request's
   * Route headers, so it follows the same path; Max-Forwards 70; no body.
   *
   * @throws IllegalArgumentException when {@code invite} is not an INVITE or lacks the headers it
   *     had to carry
   */
  public static SipRequest cancelFor(SipRequest invite) {
    if (!invite.method().equals(Method.INVITE)) {
      throw new IllegalArgumentException("only an INVITE can be cancelled: " + invite.method());
    }
    return copyOf(invite, Method.CANCEL, required(invite, HeaderName.TO));
  }

  /**
   * A request of {@code method} built from {@code original}'s identifying headers (§9.1 for CANCEL,
   * §17.1.1.3 for the ACK of a non-2xx final), with {@code to} as the To value.
   */
  static SipRequest copyOf(SipRequest original, Method method, String to) {
    int cseq;
    try {
      cseq = original.cseq().number();
    } catch (SipParseException e) {
      throw new IllegalArgumentException("request has no valid CSeq: " + e.getMessage(), e);
    }
    SipRequestBuilder b =
        SipRequest.builder(method, original.requestUriText())
            .header(HeaderName.VIA, required(original, HeaderName.VIA));
    for (String route : original.headerValues(HeaderName.ROUTE)) {
      b.header(HeaderName.ROUTE, route);
    }
    return b.header(HeaderName.MAX_FORWARDS, "70")
        .header(HeaderName.FROM, required(original, HeaderName.FROM))
        .header(HeaderName.TO, to)
        .header(HeaderName.CALL_ID, required(original, HeaderName.CALL_ID))
        .header(HeaderName.CSEQ, cseq + " " + method.name())
        .build();
  }

  /** The first value of a header that must be there (the top Via for Via). */
  static String required(io.isthmus.sip.message.SipMessage message, HeaderName name) {
    return message
        .headerValue(name)
        .orElseThrow(() -> new IllegalArgumentException("message has no " + name + " header"));
  }
}
