package io.isthmus.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testkit.RtpEndpoint;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What the end-to-end tests share: the initial INVITE they send and the RTP check both ways. */
final class Calls {
  static final Duration WAIT = Duration.ofSeconds(5);

  private Calls() {}

  static String invite(TestUserAgent from, String target, String callId, String sdp) {
    return "INVITE sip:"
        + target
        + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP "
        + from.hostPort()
        + ";branch=z9hG4bK-"
        + callId
        + ";rport\n"
        + "Max-Forwards: 70\n"
        + "From: <sip:caller@"
        + from.hostPort()
        + ">;tag=caller-"
        + callId
        + "\n"
        + "To: <sip:"
        + target
        + ">\n"
        + "Call-ID: "
        + callId
        + "\n"
        + "CSeq: 1 INVITE\n"
        + "Contact: <sip:caller@"
        + from.hostPort()
        + ">\n"
        + (sdp == null
            ? "Content-Length: 0\n\n"
            : "Content-Type: application/sdp\nContent-Length: ?\n\n" + sdp);
  }

  static String body(io.isthmus.sip.message.SipMessage m) {
    return new String(m.bodyBytes(), StandardCharsets.UTF_8);
  }

  /** Sends 5 RTP and 1 RTCP from each side of a stream and checks they arrive at the other. */
  static void flowBothWays(
      RtpEndpoint a,
      RtpEndpoint aRtcp,
      InetSocketAddress relayForA,
      RtpEndpoint b,
      RtpEndpoint bRtcp,
      InetSocketAddress relayForB,
      int pt) {
    for (int seq = 1; seq <= 5; seq++) {
      a.send(RtpEndpoint.rtp(pt, seq, seq * 160L, 0xA1, 160, 0x11), relayForA);
      b.send(RtpEndpoint.rtp(pt, seq, seq * 160L, 0xB2, 160, 0x22), relayForB);
    }
    aRtcp.send(RtpEndpoint.rtcpReceiverReport(0xA1), Sdp.rtcp(relayForA));
    bRtcp.send(RtpEndpoint.rtcpReceiverReport(0xB2), Sdp.rtcp(relayForB));
    assertThat(b.awaitCount(5, WAIT)).isTrue();
    assertThat(a.awaitCount(5, WAIT)).isTrue();
    assertThat(bRtcp.awaitCount(1, WAIT)).isTrue();
    assertThat(aRtcp.awaitCount(1, WAIT)).isTrue();
    assertThat(b.received().getFirst().data()[12]).isEqualTo((byte) 0x11);
    assertThat(a.received().getFirst().data()[12]).isEqualTo((byte) 0x22);
    assertThat(b.received().getFirst().source().getAddress().getHostAddress())
        .isEqualTo("127.0.2.1");
    assertThat(a.received().getFirst().source().getAddress().getHostAddress())
        .isEqualTo("127.0.1.1");
  }
}
