package io.isthmus.proxy.transaction;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.Via;
import io.isthmus.sip.message.SipRequest;
import java.util.Locale;

/**
 * What identifies a server transaction (RFC 3261 §17.2.3). With an RFC 3261 branch (magic cookie
 * {@code z9hG4bK}) it is the branch, the sent-by of the top Via and the method, ACK counting as
 * INVITE. Requests from RFC 2543 elements carry no such branch; for them the id is the Request-URI,
 * To tag, From tag, Call-ID, CSeq number and the whole top Via, plus the method (the CSeq method
 * tells the INVITE and the BYE of one CSeq number apart).
 */
sealed interface ServerTransactionId {

  /** The RFC 3261 id. */
  record Branch(String branch, String sentBy, String method) implements ServerTransactionId {}

  /**
   * The RFC 2543 id. Request-URI and top Via are compared as text: a retransmission repeats them
   * byte for byte, which is all the fallback needs.
   */
  record Legacy(
      String method,
      String requestUri,
      String toTag,
      String fromTag,
      String callId,
      int cseq,
      String topVia)
      implements ServerTransactionId {}

  /** The id of the transaction {@code request} belongs to, for {@code method}. */
  static ServerTransactionId of(SipRequest request, String method, String toTag)
      throws SipParseException {
    Via top = request.topVia();
    if (top.isRfc3261Branch()) {
      return new Branch(top.branch(), sentBy(top), method);
    }
    return new Legacy(
        method,
        request.requestUriText(),
        toTag,
        request.from().tag(),
        request.callId(),
        request.cseq().number(),
        top.toString());
  }

  /** The id of {@code request}'s own transaction (an ACK maps to its INVITE's). */
  static ServerTransactionId of(SipRequest request) throws SipParseException {
    String method = request.method().name();
    return of(request, method.equals("ACK") ? "INVITE" : method, request.to().tag());
  }

  /** Host names are case-insensitive (§19.1.4); the port is compared as written. */
  private static String sentBy(Via via) {
    String host = via.host().toLowerCase(Locale.ROOT);
    return via.port() < 0 ? host : host + ':' + via.port();
  }
}
