package io.isthmus.app.wiring;

import io.isthmus.ng.bencode.BDict;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The messages of one typical call, for the {@link SyntheticWarmUp}: an INVITE with an audio SDP,
 * its 100, a 200 with the answer SDP, the ACK and the BYE, as they come from a phone (RFC 3261
 * §24.2 style); and the NG offer the proxy sends for such a call (encoded and decoded only, never
 * sent).
 */
final class SyntheticTraffic {
  private SyntheticTraffic() {}

  private static final String OFFER_SDP =
      "v=0\r\n"
          + "o=alice 2890844526 2890844526 IN IP4 127.0.1.100\r\n"
          + "s=-\r\n"
          + "c=IN IP4 127.0.1.100\r\n"
          + "t=0 0\r\n"
          + "m=audio 49170 RTP/AVP 0 8 101\r\n"
          + "a=rtpmap:0 PCMU/8000\r\n"
          + "a=rtpmap:8 PCMA/8000\r\n"
          + "a=rtpmap:101 telephone-event/8000\r\n"
          + "a=fmtp:101 0-15\r\n"
          + "a=ptime:20\r\n"
          + "a=sendrecv\r\n";

  private static final String ANSWER_SDP =
      "v=0\r\n"
          + "o=gw 1 1 IN IP4 127.0.2.11\r\n"
          + "s=-\r\n"
          + "c=IN IP4 127.0.2.11\r\n"
          + "t=0 0\r\n"
          + "m=audio 3456 RTP/AVP 0 101\r\n"
          + "a=rtpmap:0 PCMU/8000\r\n"
          + "a=rtpmap:101 telephone-event/8000\r\n"
          + "a=sendrecv\r\n";

  private static final String DIALOG =
      "From: \"Alice\" <sip:alice@127.0.1.100:5070>;tag=1928301774\r\n"
          + "To: <sip:bob@127.0.1.1:5060>%s\r\n"
          + "Call-ID: a84b4c76e66710@127.0.1.100\r\n";

  private static final String VIA =
      "Via: SIP/2.0/UDP 127.0.1.100:5070;branch=z9hG4bK776asdhds;rport\r\n";

  /** INVITE, 100, 200, ACK, BYE of one call. */
  static byte[][] messages() {
    String noTag = DIALOG.formatted("");
    String tagged = DIALOG.formatted(";tag=a6c85cf");
    return new byte[][] {
      bytes(
          "INVITE sip:bob@127.0.1.1:5060 SIP/2.0\r\n"
              + VIA
              + "Max-Forwards: 70\r\n"
              + noTag
              + "CSeq: 314159 INVITE\r\n"
              + "Contact: <sip:alice@127.0.1.100:5070>\r\n"
              + "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n"
              + "User-Agent: isthmus-warmup\r\n",
          OFFER_SDP),
      bytes("SIP/2.0 100 Trying\r\n" + VIA + noTag + "CSeq: 314159 INVITE\r\n", ""),
      bytes(
          "SIP/2.0 200 OK\r\n"
              + "Via: SIP/2.0/UDP 127.0.1.1:5060;branch=z9hG4bK-proxy1\r\n"
              + VIA
              + "Record-Route: <sip:127.0.2.1;lr>, <sip:127.0.1.1;lr>\r\n"
              + tagged
              + "CSeq: 314159 INVITE\r\n"
              + "Contact: <sip:gw@127.0.2.11:5060>\r\n",
          ANSWER_SDP),
      bytes(
          "ACK sip:gw@127.0.2.11:5060 SIP/2.0\r\n"
              + VIA
              + "Route: <sip:127.0.1.1;lr>, <sip:127.0.2.1;lr>\r\n"
              + "Max-Forwards: 70\r\n"
              + tagged
              + "CSeq: 314159 ACK\r\n",
          ""),
      bytes(
          "BYE sip:gw@127.0.2.11:5060 SIP/2.0\r\n"
              + VIA
              + "Route: <sip:127.0.1.1;lr>, <sip:127.0.2.1;lr>\r\n"
              + "Max-Forwards: 70\r\n"
              + tagged
              + "CSeq: 314160 BYE\r\n",
          "")
    };
  }

  private static byte[] bytes(String head, String sdp) {
    String contentType = sdp.isEmpty() ? "" : "Content-Type: application/sdp\r\n";
    byte[] body = sdp.getBytes(StandardCharsets.US_ASCII);
    return (head + contentType + "Content-Length: " + body.length + "\r\n\r\n" + sdp)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The offer the proxy sends for a new call from the caller's side. */
  static BDict offer(String callId, List<String> direction) {
    BDict.Builder b =
        BDict.builder()
            .put("command", "offer")
            .put("call-id", callId)
            .put("from-tag", "1928301774")
            .put("via-branch", "z9hG4bK776asdhds")
            .put("sdp", OFFER_SDP)
            .putStrings("replace", List.of("origin", "session-connection"));
    if (!direction.isEmpty()) {
      b.putStrings("direction", direction);
    }
    return b.build();
  }
}
