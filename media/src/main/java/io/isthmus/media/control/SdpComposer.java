package io.isthmus.media.control;

import io.isthmus.sdp.Direction;
import io.isthmus.sdp.MediaDescription;
import io.isthmus.sdp.SdpLine;
import io.isthmus.sdp.SdpSection;
import io.isthmus.sdp.SessionDescription;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the SDP the relay sends on, in the shape rtpengine 10.5 gives it (observed on a running
 * 10.5.3.5): session lines kept in place, with {@code o=} rewritten only for {@code replace
 * origin}, session-level {@code c=} only when some m-line relies on it, and session-level
 * direction, ICE and BUNDLE attributes dropped. Each m-line is written as:
 *
 * <pre>
 * m=  (relay port, profile, formats)
 * c=/b=/i=/k= lines in place (c= = the interface facing the receiver; 0.0.0.0 kept for hold)
 * attributes the relay does not manage, in their order
 * a=mid
 * a=rtpmap / a=fmtp / a=rtcp-fb per format, in m= order (a=rtpmap added for static types)
 * a=sendrecv|sendonly|recvonly|inactive (always explicit)
 * a=rtcp:PORT, a=rtcp-mux
 * a=crypto, a=setup, a=fingerprint (passed through)
 * a=ptime
 * a=ice-ufrag, a=ice-pwd, a=candidate (the relay's own, ICE-lite)
 * </pre>
 *
 * With the relay's candidates in any section, the session says {@code a=ice-lite} after its last
 * line.
 *
 * <p>A rejected m-line keeps only its m= and non-attribute lines.
 */
final class SdpComposer {
  private SdpComposer() {}

  /** Session-wide choices. */
  record SessionPlan(
      String addrType,
      String address,
      boolean replaceOrigin,
      boolean replaceSessionConnection,
      String sessionVersion,
      boolean fullRtcpAttribute,
      boolean noRtcpAttribute,
      boolean originalSendrecv) {

    /** The plan of an offer or answer sent on {@code iface}, with the request's options. */
    static SessionPlan of(
        java.net.InetAddress advertised, SignalOptions opt, String sessionVersion) {
      return new SessionPlan(
          advertised instanceof java.net.Inet6Address ? "IP6" : "IP4",
          advertised.getHostAddress(),
          opt.replaceOrigin,
          opt.replaceSessionConnection,
          sessionVersion,
          opt.fullRtcpAttribute,
          opt.noRtcpAttribute,
          opt.originalSendrecv);
    }
  }

  private static final List<String> MANAGED =
      List.of(
          "rtpmap",
          "fmtp",
          "sendrecv",
          "sendonly",
          "recvonly",
          "inactive",
          "rtcp",
          "rtcp-mux",
          "crypto",
          "setup",
          "fingerprint",
          "ptime",
          "mid");

  static byte[] compose(SessionDescription in, List<MediaPlan> plans, SessionPlan session) {
    String eol = "\r\n"; // rtpengine writes CRLF whatever the received SDP used (RFC 4566 5)
    StringBuilder out = new StringBuilder(in.encodedLength() + 256);
    boolean sessionConnectionUsed = session.replaceSessionConnection();
    for (MediaDescription m : in.media()) {
      sessionConnectionUsed |= m.connection().isEmpty();
    }
    for (SdpLine l : in.lines()) {
      switch (l.type()) {
        case 'o' -> {
          var origin = in.origin();
          if (session.replaceOrigin()) {
            origin = origin.withAddress(session.addrType(), session.address());
          }
          if (session.sessionVersion() != null) {
            origin = origin.withSessionVersion(session.sessionVersion());
          }
          line(out, origin == in.origin() ? l.text() : "o=" + origin.value(), eol);
        }
        case 'c' -> {
          boolean hold = in.connection().map(c -> c.isHoldAddress()).orElse(false);
          line(out, sessionConnectionUsed && !hold ? connection(session) : l.text(), eol);
        }
        case 'a' -> {
          if (Direction.of(l) == null
              && !SdpSection.isIceAttribute(l)
              && !(l.isAttribute("group") && l.attributeValue().startsWith("BUNDLE"))) {
            line(out, l.text(), eol);
          }
        }
        default -> line(out, l.text(), eol);
      }
    }
    if (plans.stream().anyMatch(p -> !p.ice().isEmpty())) {
      line(out, io.isthmus.media.ice.IceCandidates.ICE_LITE, eol);
    }
    for (int i = 0; i < plans.size(); i++) {
      media(out, plans.get(i), session, eol);
    }
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void media(StringBuilder out, MediaPlan p, SessionPlan session, String eol) {
    MediaDescription src = p.source();
    var m = src.media().withPort(p.port()).withProto(p.proto()).withFormats(p.formats());
    line(out, "m=" + m.value(), eol);
    List<SdpLine> lines = src.lines();
    for (int i = 1; i < lines.size(); i++) {
      SdpLine l = lines.get(i);
      if (l.type() == 'c') {
        boolean hold = src.connection().map(c -> c.isHoldAddress()).orElse(false);
        line(out, hold && p.port() != 0 ? l.text() : connection(session), eol);
      } else if (l.type() != 'a') {
        line(out, l.text(), eol);
      }
    }
    if (p.port() == 0) {
      return;
    }
    boolean rtp = src.media().isRtp();
    for (SdpLine l : src.attributes()) {
      if (!isManaged(l, rtp)) {
        line(out, l.text(), eol);
      }
    }
    src.attribute("mid")
        .map(SdpLine::text)
        .or(() -> java.util.Optional.ofNullable(p.mid()).map(v -> "a=mid:" + v))
        .ifPresent(t -> line(out, t, eol));
    if (rtp) {
      codecs(out, p, eol);
    }
    if (session.originalSendrecv()) {
      for (SdpLine l : src.attributes()) {
        if (Direction.of(l) != null) {
          line(out, l.text(), eol);
        }
      }
    } else {
      line(out, "a=" + p.direction().attributeName(), eol);
    }
    if (rtp && p.rtcpPort() > 0 && !session.noRtcpAttribute()) {
      line(
          out,
          "a=rtcp:"
              + p.rtcpPort()
              + (session.fullRtcpAttribute()
                  ? " IN " + session.addrType() + " " + session.address()
                  : ""),
          eol);
    }
    if (p.rtcpMux()) {
      line(out, "a=rtcp-mux", eol);
    }
    if (p.crypto() != null) {
      p.crypto().forEach(t -> line(out, t, eol));
    } else {
      src.attributes("crypto").forEach(l -> line(out, l.text(), eol));
    }
    for (String name : List.of("setup", "fingerprint")) {
      for (SdpLine l : src.attributes(name)) {
        line(out, l.text(), eol);
      }
    }
    src.attribute("ptime")
        .map(SdpLine::text)
        .or(() -> java.util.Optional.ofNullable(p.ptime()).map(v -> "a=ptime:" + v))
        .ifPresent(t -> line(out, t, eol));
    p.ice().forEach(t -> line(out, t, eol));
  }

  private static void codecs(StringBuilder out, MediaPlan p, String eol) {
    for (String fmt : p.formats()) {
      MediaDescription from = p.source();
      if (CodecPlanner.rtpmapLine(from, fmt) == null
          && p.altSource() != null
          && CodecPlanner.rtpmapLine(p.altSource(), fmt) != null) {
        from = p.altSource();
      }
      SdpLine rtpmap = CodecPlanner.rtpmapLine(from, fmt);
      if (rtpmap != null) {
        line(out, rtpmap.text(), eol);
      } else if (StaticPayloads.encoding(fmt) != null) {
        line(out, "a=rtpmap:" + fmt + " " + StaticPayloads.encoding(fmt), eol);
      }
      for (String name : List.of("fmtp", "rtcp-fb")) {
        for (SdpLine l : from.attributes(name)) {
          if (fmt.equals(CodecPlanner.formatOf(l))) {
            line(out, l.text(), eol);
          }
        }
      }
    }
  }

  /** Lines the relay writes itself (regenerated in rtpengine's order) or drops. */
  private static boolean isManaged(SdpLine l, boolean rtp) {
    if (SdpSection.isIceAttribute(l)) {
      return true;
    }
    if (l.isAttribute("rtcp-fb")) {
      return rtp && !"*".equals(CodecPlanner.formatOf(l)); // a=rtcp-fb:* stays where it is
    }
    for (String name : MANAGED) {
      if (l.isAttribute(name)) {
        return rtp || !(name.equals("rtpmap") || name.equals("fmtp"));
      }
    }
    return false;
  }

  private static String connection(SessionPlan session) {
    return "c=IN " + session.addrType() + " " + session.address();
  }

  private static void line(StringBuilder out, String text, String eol) {
    out.append(text).append(eol);
  }
}
