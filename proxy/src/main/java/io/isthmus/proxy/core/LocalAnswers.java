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

  /** 200 to an OPTIONS addressed to this proxy (a keepalive), with what we allow and accept. */
  static SipResponse optionsOk(SipRequest request) {
    return SipResponses.forRequest(request, 200, "OK", tag())
        .edit()
        .addHeader(HeaderName.ALLOW, ALLOW)
        .addHeader(HeaderName.ACCEPT, "application/sdp")
        .build();
  }
}
