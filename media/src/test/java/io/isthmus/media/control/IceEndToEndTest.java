package io.isthmus.media.control;

import static io.isthmus.media.control.Ng.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testkit.StunChecks;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay as an ICE-lite agent, with real datagrams: its candidates in the SDP it sends, its
 * answers to connectivity checks on the media ports, and media following the checked address.
 */
class IceEndToEndTest extends ControlTestSupport {
  static final Duration WAIT = Duration.ofSeconds(3);

  Peer alice;
  Peer aliceElsewhere;
  Peer bob;

  @BeforeEach
  void peers() throws Exception {
    alice = new Peer("127.0.1.100");
    aliceElsewhere = new Peer("127.0.1.100");
    bob = new Peer("127.0.2.100");
  }

  @AfterEach
  void closePeers() {
    for (Peer p : List.of(alice, aliceElsewhere, bob)) {
      p.close();
    }
  }

  String iceOffer(Peer rtp) {
    return crlf(
        "v=0\no=alice 1 1 IN IP4 127.0.1.100\ns=-\nc=IN IP4 127.0.1.100\nt=0 0\n"
            + "a=ice-ufrag:F7gI\na=ice-pwd:x9cml/YzichV2+XlhiMu8g\n"
            + "m=audio "
            + rtp.port()
            + " RTP/AVP 0\na=rtpmap:0 PCMU/8000\n"
            + "a=candidate:1 1 UDP 2130706431 127.0.1.100 "
            + rtp.port()
            + " typ host\na=sendrecv\n");
  }

  String plain(String name, String ip, Peer rtp) {
    return crlf(
        "v=0\no="
            + name
            + " 1 1 IN IP4 "
            + ip
            + "\ns=-\nc=IN IP4 "
            + ip
            + "\nt=0 0\nm=audio "
            + rtp.port()
            + " RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=sendrecv\n");
  }

  static String value(String sdp, String attribute) {
    Matcher m = Pattern.compile("(?m)^a=" + attribute + ":(\\S+)$").matcher(sdp);
    assertThat(m.find()).as("a=%s in\n%s", attribute, sdp).isTrue();
    return m.group(1);
  }

  @Test
  void anIceOffererGetsTheRelaysCandidatesAndItsChecksAreAnswered() throws Exception {
    String toBob = sdp(ok(Ng.offer("i1", "a", iceOffer(alice)).direction("public", "private")));
    int priv = port(toBob, 0);
    // ICE=default: the offerer did ICE, so the relay is the agent towards bob too.
    assertThat(toBob)
        .contains("a=ice-lite\n")
        .contains(" 1 UDP 2130706431 127.0.2.1 " + priv + " typ host")
        .contains(" 2 UDP 2130706430 127.0.2.1 " + (priv + 1) + " typ host")
        .doesNotContain("F7gI")
        .doesNotContain("127.0.1.100 " + alice.port());
    String toAlice = sdp(ok(Ng.answer("i1", "a", "b", plain("bob", "127.0.2.100", bob))));
    int pub = port(toAlice, 0);
    String ufrag = value(toAlice, "ice-ufrag");
    String pwd = value(toAlice, "ice-pwd");
    assertThat(ufrag).hasSize(8);
    assertThat(pwd).hasSize(26);
    assertThat(toAlice)
        .contains("a=ice-lite\n")
        .contains(" 1 UDP 2130706431 127.0.1.1 " + pub + " typ host")
        .contains(" 2 UDP 2130706430 127.0.1.1 " + (pub + 1) + " typ host");

    // A check from an address that is not in alice's SDP, nominating it.
    byte[] tid = "transaction1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    aliceElsewhere.send(StunChecks.request(ufrag + ":F7gI", pwd, true, tid), "127.0.1.1", pub);
    Peer.Received reply = aliceElsewhere.receive(WAIT);
    assertThat(reply.source().getPort()).isEqualTo(pub);
    assertThat(reply.data()[1]).as("Binding success").isEqualTo((byte) 0x01);
    assertThat(java.util.Arrays.copyOfRange(reply.data(), 8, 20)).isEqualTo(tid);
    assertThat(StunChecks.xorMappedAddress(reply.data()))
        .isEqualTo(new InetSocketAddress("127.0.1.100", aliceElsewhere.port()));
    assertThat(StunChecks.integrityValid(reply.data(), pwd)).isTrue();

    // Media from bob now goes where the check came from, not to the SDP address.
    byte[] rtp = Packets.rtp(0, 1, 160, 0x0b0b0b0bL, 160, 3);
    bob.send(rtp, "127.0.2.1", priv);
    assertThat(aliceElsewhere.receive(WAIT).data()).isEqualTo(rtp);

    // The RTCP component answers too (component 2 candidate).
    aliceElsewhere.send(StunChecks.request(ufrag + ":F7gI", pwd, false, tid), "127.0.1.1", pub + 1);
    assertThat(aliceElsewhere.receive(WAIT).source().getPort()).isEqualTo(pub + 1);
    ok(Ng.command("delete").put("call-id", "i1").put("from-tag", "a"));
  }

  @Test
  void aCheckWithTheWrongPasswordGets401AndMovesNothing() throws Exception {
    String toBob = sdp(ok(Ng.offer("i2", "a", iceOffer(alice)).direction("public", "private")));
    int priv = port(toBob, 0);
    String toAlice = sdp(ok(Ng.answer("i2", "a", "b", plain("bob", "127.0.2.100", bob))));
    int pub = port(toAlice, 0);
    String ufrag = value(toAlice, "ice-ufrag");
    aliceElsewhere.send(
        StunChecks.request(ufrag + ":F7gI", "not-the-password", true, new byte[12]),
        "127.0.1.1",
        pub);
    byte[] r = aliceElsewhere.receive(WAIT).data();
    assertThat(r[1]).as("Binding error response").isEqualTo((byte) 0x11);
    assertThat(r[26] * 100 + r[27]).isEqualTo(401);
    byte[] rtp = Packets.rtp(0, 1, 160, 0x0b0b0b0bL, 160, 4);
    bob.send(rtp, "127.0.2.1", priv);
    assertThat(alice.receive(WAIT).data()).as("media still to the SDP address").isEqualTo(rtp);
    ok(Ng.command("delete").put("call-id", "i2").put("from-tag", "a"));
  }

  @Test
  void iceForceOnAPlainOfferMakesTheRelayTheAgentTowardsTheAnswerer() throws Exception {
    String toBob =
        sdp(
            ok(
                Ng.offer("i3", "a", plain("alice", "127.0.1.100", alice))
                    .direction("public", "private")
                    .put("ICE", "force")
                    .flags("trickle-ICE")));
    int priv = port(toBob, 0);
    String ufrag = value(toBob, "ice-ufrag");
    String pwd = value(toBob, "ice-pwd");
    assertThat(toBob)
        .contains("a=ice-options:trickle\n")
        .contains(" 1 UDP 2130706431 127.0.2.1 " + priv + " typ host")
        .contains("a=end-of-candidates");
    String bobIce =
        plain("bob", "127.0.2.100", bob)
            .replace(
                "t=0 0\r\n", "t=0 0\r\na=ice-ufrag:bobU\r\na=ice-pwd:bobpasswordbobpassword\r\n");
    String toAlice = sdp(ok(Ng.answer("i3", "a", "b", bobIce)));
    assertThat(toAlice).as("alice did no ICE").doesNotContain("a=ice").doesNotContain("candidate");
    bob.send(StunChecks.request(ufrag + ":bobU", pwd, true, new byte[12]), "127.0.2.1", priv);
    byte[] r = bob.receive(WAIT).data();
    assertThat(r[1]).isEqualTo((byte) 0x01);
    assertThat(StunChecks.integrityValid(r, pwd)).isTrue();
    ok(Ng.command("delete").put("call-id", "i3").put("from-tag", "a"));
  }

  @Test
  void iceRemoveKeepsIceFromTheAnswererButStillAnswersTheIceOfferer() throws Exception {
    String toBob =
        sdp(
            ok(
                Ng.offer("i4", "a", iceOffer(alice))
                    .direction("public", "private")
                    .put("ICE", "remove")));
    assertThat(toBob).doesNotContain("a=ice").doesNotContain("a=candidate");
    String toAlice = sdp(ok(Ng.answer("i4", "a", "b", plain("bob", "127.0.2.100", bob))));
    assertThat(toAlice).contains("a=ice-ufrag:").contains("a=candidate:");
    ok(Ng.command("delete").put("call-id", "i4").put("from-tag", "a"));
  }

  @Test
  void theRelaysCredentialsSurviveAReOffer() throws Exception {
    sdp(ok(Ng.offer("i5", "a", iceOffer(alice)).direction("public", "private")));
    String first = sdp(ok(Ng.answer("i5", "a", "b", plain("bob", "127.0.2.100", bob))));
    sdp(ok(Ng.offer("i5", "a", iceOffer(alice)).put("to-tag", "b")));
    String second = sdp(ok(Ng.answer("i5", "a", "b", plain("bob", "127.0.2.100", bob))));
    assertThat(value(second, "ice-ufrag")).isEqualTo(value(first, "ice-ufrag"));
    assertThat(value(second, "ice-pwd")).isEqualTo(value(first, "ice-pwd"));
    ok(Ng.command("delete").put("call-id", "i5").put("from-tag", "a"));
  }
}
