package io.isthmus.proxy.transport;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.message.SipResponses;

/**
 * The responses the transport layer sends by itself, without a transaction: 400 (or 505, 513) to a
 * request that does not parse well enough to be handled, 403 to a request from a refused source.
 * Each carries a Warning (RFC 3261 §20.43, code 399 "miscellaneous") with the precise reason, and a
 * To tag derived from the request, so a retransmission gets the same answer (§8.2.6.2).
 */
public final class StatelessResponses {
  private static final int MAX_WARNING_TEXT = 200;

  private StatelessResponses() {}

  /**
   * The response {@code status} to {@code request}, built by {@link SipResponses#forRequest} (Via,
   * From, To, Call-ID and CSeq copied byte for byte), with a Warning from {@code agent}.
   *
   * @param agent the warn-agent: this proxy's host:port on the receiving socket
   */
  public static SipResponse answer(SipRequest request, int status, String agent, String text) {
    SipResponse plain =
        SipResponses.forRequest(request, status, reasonPhrase(status), toTag(request));
    return plain.edit().addHeader(HeaderName.WARNING, warning(agent, text)).build();
  }

  /** The Warning value {@code 399 agent "text"}, the text made a valid quoted-string. */
  public static String warning(String agent, String text) {
    StringBuilder sb = new StringBuilder(text.length() + agent.length() + 8);
    sb.append("399 ").append(agent).append(" \"");
    int n = Math.min(text.length(), MAX_WARNING_TEXT);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7F) {
        sb.append(' ');
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** The RFC 3261 §21 reason phrase of the statuses the transport sends. */
  public static String reasonPhrase(int status) {
    return switch (status) {
      case 403 -> "Forbidden";
      case 413 -> "Request Entity Too Large";
      case 414 -> "Request-URI Too Long";
      case 416 -> "Unsupported URI Scheme";
      case 420 -> "Bad Extension";
      case 483 -> "Too Many Hops";
      case 501 -> "Not Implemented";
      case 505 -> "Version Not Supported";
      case 513 -> "Message Too Large";
      default -> "Bad Request";
    };
  }

  /**
   * A To tag stable for the request: the same Via and Call-ID lines give the same tag, so a
   * retransmitted request gets an identical response. Only used when the To has no tag.
   */
  private static String toTag(SipRequest request) {
    int h = request.headerValue(HeaderName.VIA).orElse("").hashCode() * 31;
    h += request.headerValue(HeaderName.CALL_ID).orElse("").hashCode();
    return "sl" + Integer.toHexString(h);
  }

  /** The status a parse error asks for, limited to the ones a transport may send. */
  static int statusFor(SipParseException e) {
    int s = e.status();
    return s >= 400 && s <= 699 ? s : 400;
  }
}
