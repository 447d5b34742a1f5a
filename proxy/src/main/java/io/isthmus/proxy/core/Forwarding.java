package io.isthmus.proxy.core;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.RequestEditor;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.message.SipResponses;

/** The edits of a forwarded request (RFC 3261 §16.6) and of a relayed response (§16.7). */
final class Forwarding {
  private Forwarding() {}

  /**
   * The request to send: Max-Forwards decremented (or set, step 3), Record-Route (step 4) when
   * asked: both sockets when it crosses networks, outbound first (RFC 5658 §3.2), else the one,
   * signed for the dialog when the sockets have a {@link RouteSigner}; a {@code sips:} request only
   * out of a TLS socket (else IllegalStateException); our Via on top (step 8); the body replaced
   * when {@code body} is given (relay-rewritten SDP).
   */
  static SipRequest request(
      SipRequest routed,
      LocalSockets.Local in,
      LocalSockets.Local out,
      String branch,
      boolean recordRoute,
      byte[] body,
      int defaultMaxForwards)
      throws SipParseException {
    RequestEditor e = routed.edit();
    int mf = routed.maxForwards();
    e.maxForwards(mf < 0 ? defaultMaxForwards : mf - 1);
    if (recordRoute) {
      String callId = routed.callId();
      String tag = routed.from().tag();
      if (in.network() != out.network() || in.transport() != out.transport()) {
        e.addRecordRoutes(out.recordRoute(callId, tag), in.recordRoute(callId, tag));
      } else {
        e.addRecordRoutes(out.recordRoute(callId, tag));
      }
    }
    if (routed.requestUriScheme().equalsIgnoreCase("sips")
        && out.transport() != io.isthmus.proxy.network.Transport.TLS) {
      // RFC 3261 §26.2.2: a sips: request never leaves in clear
      throw new IllegalStateException(
          "a sips: request cannot leave on " + out.name() + ": TLS only");
    }
    e.pushVia(out.via(branch));
    if (body != null) {
      e.body(body);
    }
    return e.build();
  }

  /**
   * A response to relay upstream: our Via removed (§16.7 step 3), the body replaced when given. A
   * 503 becomes 500 (§16.7 step 6: a 503 from downstream says nothing about this proxy).
   */
  static SipResponse response(SipResponse received, SipRequest upstreamRequest, byte[] body)
      throws SipParseException {
    if (received.status() == 503) {
      String tag = received.to().tag();
      return SipResponses.forRequest(
          upstreamRequest, 500, "Server Internal Error", tag != null ? tag : LocalAnswers.tag());
    }
    var e = received.edit().removeTopVia();
    if (body != null) {
      if (body.length == 0) {
        e.removeHeader(HeaderName.CONTENT_TYPE);
      }
      e.body(body);
    }
    return e.build();
  }

  /** True when the message carries an SDP body. */
  static boolean hasSdp(io.isthmus.sip.message.SipMessage m) {
    return m.bodyLength() > 0
        && m.contentType()
            .map(t -> t.toLowerCase(java.util.Locale.ROOT).startsWith("application/sdp"))
            .orElse(false);
  }
}
