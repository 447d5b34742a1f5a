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
   * asked: both sockets when it crosses networks, outbound first (RFC 5658 §3.2), else the one; our
   * Via on top (step 8); the body replaced when {@code body} is given (relay-rewritten SDP).
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
      if (in.network() != out.network() || in.transport() != out.transport()) {
        e.addRecordRoutes(out.recordRoute(), in.recordRoute());
      } else {
        e.addRecordRoutes(out.recordRoute());
      }
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
