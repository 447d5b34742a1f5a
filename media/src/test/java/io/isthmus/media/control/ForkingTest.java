package io.isthmus.media.control;

import static io.isthmus.media.control.Ng.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parallel forking with via-branch: the caller gets a relay port pair per branch (as rtpengine
 * does), so each branch's early media reaches the caller, and the caller's media reaches each
 * branch, on ports of its own. Real RTP on loopback.
 */
class ForkingTest extends ControlTestSupport {
  static final Duration WAIT = Duration.ofSeconds(3);

  Peer alice;
  Peer bob;
  Peer carol;

  @BeforeEach
  void peers() throws Exception {
    alice = new Peer("127.0.1.100");
    bob = new Peer("127.0.2.100");
    carol = new Peer("127.0.2.101");
  }

  @AfterEach
  void closePeers() {
    for (Peer p : List.of(alice, bob, carol)) {
      p.close();
    }
  }

  static String sdp(String name, String ip, Peer p) {
    return crlf(
        "v=0\no="
            + name
            + " 1 1 IN IP4 "
            + ip
            + "\ns=-\nc=IN IP4 "
            + ip
            + "\nt=0 0\nm=audio "
            + p.port()
            + " RTP/AVP 0\n");
  }

  /** Offers on two branches and answers both; returns {priv1, priv2, pub1, pub2}. */
  int[] forkAndAnswerBoth() throws Exception {
    String offer = sdp("alice", "127.0.1.100", alice);
    int priv1 =
        port(
            sdp(
                ok(
                    Ng.offer("f1", "a", offer)
                        .direction("public", "private")
                        .put("via-branch", "x1"))),
            0);
    int priv2 =
        port(
            sdp(
                ok(
                    Ng.offer("f1", "a", offer)
                        .direction("public", "private")
                        .put("via-branch", "x2"))),
            0);
    int pub1 =
        port(
            sdp(
                ok(
                    Ng.answer("f1", "a", "b", sdp("bob", "127.0.2.100", bob))
                        .put("via-branch", "x1"))),
            0);
    int pub2 =
        port(
            sdp(
                ok(
                    Ng.answer("f1", "a", "c", sdp("carol", "127.0.2.101", carol))
                        .put("via-branch", "x2"))),
            0);
    return new int[] {priv1, priv2, pub1, pub2};
  }

  static void relays(Peer from, String relayIp, int relayPort, Peer to, int advertised, byte[] data)
      throws Exception {
    from.send(data, relayIp, relayPort);
    Peer.Received got = to.receive(WAIT);
    assertThat(got.data()).isEqualTo(data);
    assertThat(got.source().getPort())
        .as("sent from the port advertised to the receiver")
        .isEqualTo(advertised);
  }

  @Test
  void eachBranchAnswerGetsItsOwnOffererPort() throws Exception {
    int[] p = forkAndAnswerBoth();
    assertThat(p[0]).as("a port pair per branch towards the callees").isNotEqualTo(p[1]);
    assertThat(p[2]).as("a port pair per branch towards the caller").isNotEqualTo(p[3]);
    assertThat(handler.relay().portPool(PUBLIC).usedPairs()).isEqualTo(2);
    assertThat(handler.relay().portPool(PRIVATE).usedPairs()).isEqualTo(2);
  }

  @Test
  void parallelEarlyMediaOfEachBranchStaysApart() throws Exception {
    int[] p = forkAndAnswerBoth();
    byte[] toBob = Packets.rtp(0, 1, 160, 0x0A0A0A0AL, 160, 1);
    byte[] toCarol = Packets.rtp(0, 2, 320, 0x0A0A0A0AL, 160, 2);
    byte[] fromBob = Packets.rtp(0, 10, 800, 0x0B0B0B0BL, 160, 3);
    byte[] fromCarol = Packets.rtp(0, 20, 900, 0x0C0C0C0CL, 160, 4);
    relays(alice, "127.0.1.1", p[2], bob, p[0], toBob);
    relays(alice, "127.0.1.1", p[3], carol, p[1], toCarol);
    relays(bob, "127.0.2.1", p[0], alice, p[2], fromBob);
    relays(carol, "127.0.2.1", p[1], alice, p[3], fromCarol);
  }

  @Test
  void deletingOneBranchFreesItsPortsOnBothSidesAndKeepsTheOther() throws Exception {
    int[] p = forkAndAnswerBoth();
    NgResponse d =
        ok(
            Ng.command("delete")
                .put("call-id", "f1")
                .put("from-tag", "a")
                .put("to-tag", "c")
                .put("via-branch", "x2")
                .put("delete-delay", 0));
    assertThat(localRtpPort(d, "a"))
        .as("delete reply: the state before the delete")
        .isEqualTo(p[3]);
    assertThat(handler.relay().portPool(PUBLIC).usedPairs()).isEqualTo(1);
    assertThat(handler.relay().portPool(PRIVATE).usedPairs()).isEqualTo(1);
    NgResponse q = ok(Ng.command("query").put("call-id", "f1"));
    assertThat(localRtpPort(q, "a")).as("the caller's remaining branch").isEqualTo(p[2]);
    assertThat(((BDict) q.body().get("tags")).containsKey("c")).isFalse();
    relays(alice, "127.0.1.1", p[2], bob, p[0], Packets.rtp(0, 5, 800, 0x0A0A0A0AL, 160, 5));
    relays(bob, "127.0.2.1", p[0], alice, p[2], Packets.rtp(0, 6, 960, 0x0B0B0B0BL, 160, 6));
  }

  @Test
  void sendrecvMediaIsReportedAsSendAndRecvAndTheUnansweredSideAsNotInitialized() throws Exception {
    ok(
        Ng.offer("f2", "a", sdp("alice", "127.0.1.100", alice))
            .direction("public", "private")
            .put("via-branch", "x1"));
    NgResponse q = ok(Ng.command("query").put("call-id", "f2"));
    assertThat(flags(q, "a")).containsExactlyInAnyOrder("initialized", "recv", "send");
    assertThat(flags(q, "<untagged 1>"))
        .containsExactlyInAnyOrder("ICE controlling", "recv", "send");
  }

  @Test
  void holdIsReportedPerDirection() throws Exception {
    String offer = sdp("alice", "127.0.1.100", alice);
    ok(Ng.offer("f3", "a", offer).direction("public", "private"));
    ok(Ng.answer("f3", "a", "b", sdp("bob", "127.0.2.100", bob)));
    ok(Ng.offer("f3", "a", offer.replace("m=audio", "a=sendonly\r\nm=audio")).put("to-tag", "b"));
    NgResponse q = ok(Ng.command("query").put("call-id", "f3"));
    // a sends only: the relay receives from a and sends to b.
    assertThat(flags(q, "a")).containsExactlyInAnyOrder("initialized", "recv");
    assertThat(flags(q, "b")).containsExactlyInAnyOrder("ICE controlling", "initialized", "send");
  }

  static BDict media(NgResponse r, String tag) {
    BDict party = (BDict) ((BDict) r.body().get("tags")).get(tag);
    return (BDict) ((BList) party.get("medias")).get(0);
  }

  static long localRtpPort(NgResponse r, String tag) {
    BDict rtp = (BDict) ((BList) media(r, tag).get("streams")).get(0);
    return BDictView.of(rtp).number("local port");
  }

  static List<String> flags(NgResponse r, String tag) {
    BList l = (BList) media(r, tag).get("flags");
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      out.add(((io.isthmus.ng.bencode.BString) l.get(i)).asString());
    }
    return out;
  }
}
