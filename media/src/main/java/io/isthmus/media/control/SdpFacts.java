package io.isthmus.media.control;

import io.isthmus.media.relay.MediaEndpoint;
import io.isthmus.ng.NgException;
import io.isthmus.sdp.Connection;
import io.isthmus.sdp.Direction;
import io.isthmus.sdp.MediaDescription;
import io.isthmus.sdp.Rtcp;
import io.isthmus.sdp.SdpParseException;
import io.isthmus.sdp.SessionDescription;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** What the relay reads from a received SDP, with rtpengine's errors for what is missing. */
final class SdpFacts {
  private SdpFacts() {}

  /** rtpengine 10.5's reason for an SDP it has nothing to rewrite in (no m= line). */
  static final String REWRITE_SDP = "Error rewriting SDP";

  static SessionDescription parse(byte[] sdp) throws NgException {
    try {
      SessionDescription d = SessionDescription.parse(sdp);
      if (d.media().isEmpty()) {
        throw new NgException(REWRITE_SDP, "the SDP has no m= line");
      }
      for (MediaDescription m : d.media()) {
        CodecPlanner.validate(m);
        m.rtcp();
      }
      return d;
    } catch (SdpParseException e) {
      throw new NgException(NgReasons.PARSE_SDP);
    }
  }

  /**
   * The party's receive address for an m-line: {@code c=} (media, else session) or the override,
   * the {@code m=} port and {@code a=rtcp} (0 when absent: RTP + 1).
   */
  static MediaEndpoint endpoint(SessionDescription sdp, MediaDescription m, InetAddress override)
      throws NgException {
    Optional<Connection> c = sdp.effectiveConnection(m);
    if (c.isEmpty()) {
      throw new NgException(NgReasons.INCOMPLETE_SDP);
    }
    InetAddress address = null;
    if (!c.get().isHoldAddress()) {
      if (override != null) {
        address = override;
      } else {
        try {
          address = InetAddress.ofLiteral(c.get().address());
        } catch (IllegalArgumentException e) {
          throw new NgException(NgReasons.PARSE_SDP); // a host name: never resolved
        }
      }
    }
    int rtcp;
    try {
      rtcp = m.rtcp().map(Rtcp::port).orElse(0);
    } catch (SdpParseException e) {
      throw new NgException(NgReasons.PARSE_SDP);
    }
    return new MediaEndpoint(address, m.media().port(), rtcp);
  }

  /**
   * The direction to write for an m-line: its own or the session's (default sendrecv), turned into
   * the matching "not receiving" direction when the party holds with c=0.0.0.0 (rtpengine writes
   * sendonly for sendrecv and inactive for recvonly then).
   */
  static Direction direction(SessionDescription sdp, MediaDescription m) {
    Direction d = sdp.effectiveDirection(m);
    boolean hold = sdp.effectiveConnection(m).map(Connection::isHoldAddress).orElse(false);
    if (hold) {
      return switch (d) {
        case SENDRECV -> Direction.SENDONLY;
        case RECVONLY -> Direction.INACTIVE;
        default -> d;
      };
    }
    return d;
  }

  static boolean sends(Direction d) {
    return d == Direction.SENDRECV || d == Direction.SENDONLY;
  }

  static boolean receives(Direction d) {
    return d == Direction.SENDRECV || d == Direction.RECVONLY;
  }

  /** Profiles the relay translates between: feedback on or off (RFC 4585), SDES-SRTP or not. */
  private static final List<List<String>> PROFILE_FAMILIES =
      List.of(
          List.of("RTP/AVP", "RTP/AVPF", "RTP/SAVP", "RTP/SAVPF"),
          List.of("UDP/TLS/RTP/SAVP", "UDP/TLS/RTP/SAVPF"));

  /**
   * The profile of the offer sent on for {@code transport-protocol}: feedback on or off keeps the
   * media bytes as they are; RTP/AVP(F) to or from RTP/SAVP(F) has the relay terminate SRTP with
   * SDES keys ({@link Sdes}). DTLS-SRTP (UDP/TLS/...) is refused with a warning, the original
   * profile kept.
   */
  static String onwardProfile(String original, String requested, List<String> warnings) {
    if (requested == null || requested.equals(original)) {
      return original;
    }
    for (List<String> family : PROFILE_FAMILIES) {
      if (family.contains(original) && family.contains(requested)) {
        return requested;
      }
    }
    warnings.add(
        "transport-protocol " + requested + " from " + original + " is not supported; kept");
    return original;
  }
}
