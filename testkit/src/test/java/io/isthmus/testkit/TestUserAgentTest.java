package io.isthmus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestUserAgentTest {
  private static final Duration WAIT = Duration.ofSeconds(3);

  private static String invite(TestUserAgent from, String callId, String sdp) {
    return "INVITE sip:bob@127.0.0.1 SIP/2.0\n"
        + "Via: SIP/2.0/UDP "
        + from.hostPort()
        + ";branch=z9hG4bK-"
        + callId
        + "\n"
        + "Max-Forwards: 70\n"
        + "From: <sip:alice@127.0.0.1>;tag=a1\n"
        + "To: <sip:bob@127.0.0.1>\n"
        + "Call-ID: "
        + callId
        + "\n"
        + "CSeq: 1 INVITE\n"
        + "Contact: <sip:alice@"
        + from.hostPort()
        + ">\n"
        + (sdp == null
            ? "Content-Length: 0\n\n"
            : "Content-Type: application/sdp\nContent-Length: ?\n\n" + sdp);
  }

  @Test
  void answersAnInviteByScriptAndDialogRequestsFollowTheContact() {
    try (TestUserAgent alice = TestUserAgent.bind("alice", "127.0.0.1", 0);
        TestUserAgent bob = TestUserAgent.bind("bob", "127.0.0.1", 0)) {
      bob.script(TestUserAgent.Script.answer("v=0\r\n"));
      alice.send(invite(alice, "ua1", "v=0\r\n"), bob.address());

      SipResponse ok = alice.awaitResponse("ua1", "INVITE", 200, WAIT);
      assertThat(ok).isNotNull();
      assertThat(alice.awaitResponse("ua1", "INVITE", 180, WAIT)).isNotNull();
      assertThat(ok.bodyLength()).isEqualTo(5);
      SipRequest bye = alice.inDialog("BYE", ok, 2, null);
      assertThat(TestUserAgent.nextHop(bye)).isEqualTo(bob.address());
      alice.send(bye, TestUserAgent.nextHop(bye));
      assertThat(bob.awaitRequest("ua1", "BYE", WAIT)).isNotNull();
      assertThat(alice.awaitResponse("ua1", "BYE", 200, WAIT)).isNotNull();
    }
  }

  @Test
  void rejectsOrStaysSilentAsScripted() {
    try (TestUserAgent alice = TestUserAgent.bind("alice", "127.0.0.1", 0);
        TestUserAgent bob = TestUserAgent.bind("bob", "127.0.0.1", 0)) {
      bob.script(TestUserAgent.Script.reject(486));
      alice.send(invite(alice, "ua2", null), bob.address());
      assertThat(alice.awaitResponse("ua2", "INVITE", 486, WAIT)).isNotNull();

      bob.script(TestUserAgent.Script.noAnswer());
      alice.send(invite(alice, "ua3", null), bob.address());
      assertThat(bob.awaitRequest("ua3", "INVITE", WAIT)).isNotNull();
      assertThat(alice.awaitResponse("ua3", "INVITE", 100, Duration.ofMillis(200))).isNull();
    }
  }

  @Test
  void cancelOfARingingInviteGets200And487() {
    try (TestUserAgent alice = TestUserAgent.bind("alice", "127.0.0.1", 0);
        TestUserAgent bob = TestUserAgent.bind("bob", "127.0.0.1", 0)) {
      bob.script(TestUserAgent.Script.ringForever());
      alice.send(invite(alice, "ua4", null), bob.address());
      assertThat(alice.awaitResponse("ua4", "INVITE", 180, WAIT)).isNotNull();
      alice.send(
          invite(alice, "ua4", null)
              .replace("INVITE sip", "CANCEL sip")
              .replace("1 INVITE", "1 CANCEL"),
          bob.address());
      assertThat(alice.awaitResponse("ua4", "CANCEL", 200, WAIT)).isNotNull();
      assertThat(alice.awaitResponse("ua4", "INVITE", 487, WAIT)).isNotNull();
    }
  }

  @Test
  void aMutedAgentRecordsButAnswersNothingUntilUnmuted() {
    try (TestUserAgent alice = TestUserAgent.bind("alice", "127.0.0.1", 0);
        TestUserAgent bob = TestUserAgent.bind("bob", "127.0.0.1", 0)) {
      String options =
          "OPTIONS sip:bob@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP "
              + alice.hostPort()
              + ";branch=z9hG4bK-o%d\nMax-Forwards: 70\nFrom: <sip:alice@127.0.0.1>;tag=a\n"
              + "To: <sip:bob@127.0.0.1>\nCall-ID: mute-%d\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n";
      bob.mute(true);
      alice.send(options.formatted(1, 1), bob.address());
      assertThat(bob.awaitRequest("mute-1", "OPTIONS", WAIT)).isNotNull();
      alice.send(options.formatted(2, 2), bob.address());
      assertThat(bob.awaitRequest("mute-2", "OPTIONS", WAIT)).isNotNull();
      assertThat(alice.received()).isEmpty(); // mute-1 was answered by nobody, in order

      bob.mute(false);
      alice.send(options.formatted(3, 3), bob.address());
      assertThat(alice.awaitResponse("mute-3", "OPTIONS", 200, WAIT)).isNotNull();
      assertThat(alice.received()).hasSize(1);
    }
  }
}
