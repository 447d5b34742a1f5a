package io.isthmus.proxy.core;

import io.isthmus.proxy.transport.StatelessResponses;
import io.isthmus.sip.message.HeaderField;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.ResponseEditor;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.message.SipResponses;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The responses the core generates itself (§16.3 rejections, 503, 488, OPTIONS to us). */
final class LocalAnswers {
  /** What this proxy handles (in-dialog methods are relayed whatever they are). */
  static final String ALLOW =
      "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, PRACK, MESSAGE, REFER, NOTIFY, SUBSCRIBE";

  private LocalAnswers() {}

  /** A random To tag (RFC 3261 §19.3: at least 32 random bits). */
  static String tag() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  /**
   * An error response with a Warning (399, §20.43) that says why in words; {@code agent} is our
   * host:port on the socket the request came in.
   */
  static SipResponse error(
      SipRequest request,
      int status,
      String reason,
      String agent,
      String warning,
      List<HeaderField> extra) {
    ResponseEditor e = SipResponses.forRequest(request, status, reason, tag()).edit();
    for (HeaderField f : extra) {
      e.addHeader(f.name(), f.value());
    }
    if (warning != null && !warning.isEmpty()) {
      e.addHeader(HeaderName.WARNING, StatelessResponses.warning(agent, warning));
    }
    return e.build();
  }

  static SipResponse error(
      SipRequest request, int status, String reason, String agent, String warning) {
    return error(request, status, reason, agent, warning, List.of());
  }

  /** An error from this proxy with our standard reason phrase for {@code status}. */
  static SipResponse error(SipRequest request, int status, String agent, String warning) {
    return error(request, status, reason(status), agent, warning, List.of());
  }

  /** The reason phrase this proxy sends with {@code status}. */
  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 408 -> "Request Timeout";
      case 481 -> "Call/Transaction Does Not Exist";
      case 482 -> "Loop Detected";
      case 483 -> "Too Many Hops";
      case 488 -> "Not Acceptable Here";
      case 500 -> "Server Internal Error";
      case 503 -> "Service Unavailable";
      default -> StatelessResponses.reasonPhrase(status);
    };
  }

  /** 200 to an OPTIONS addressed to this proxy (a keepalive), with what we allow and accept. */
  static SipResponse optionsOk(SipRequest request) {
    return SipResponses.forRequest(request, 200, "OK", tag())
        .edit()
        .addHeader(HeaderName.ALLOW, ALLOW)
        .addHeader(HeaderName.ACCEPT, "application/sdp")
        .build();
  }
}
