package io.isthmus.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replies in rtpengine 10.5's shapes beyond SDP: query subscriptions, statistics ports per
 * interface, list limits, replace SDP-version and session-connection (each checked against a
 * running rtpengine 10.5.3.5 in the interop differential test; here without it). {@link #sdp} gives
 * LF line ends.
 */
class DropInShapesTest extends ControlTestSupport {
  private static final String ALICE = SdpShapeTest.ALICE;
  private static final String BOB = SdpShapeTest.BOB;

  private static BDict party(NgResponse r, String key) {
    return (BDict) ((BDict) r.body().get("tags")).get(key);
  }

  private static List<String> tags(BDict party, String list) {
    List<String> out = new ArrayList<>();
    for (var v : (BList) party.get(list)) {
      BDict d = (BDict) v;
      assertThat(d.get("type")).isEqualTo(BString.of("offer/answer"));
      out.add(((BString) d.get("tag")).asString());
    }
    return out;
  }

  @Test
  void queryShowsWhoReceivesFromWhomAndTheUntaggedPartyByNumber() throws Exception {
    ok(Ng.offer("c1", "a", ALICE).direction("public", "private"));
    NgResponse offered = ok(Ng.command("query").put("call-id", "c1"));
    assertThat(tags(party(offered, "a"), "subscriptions")).containsExactly("");
    assertThat(tags(party(offered, "<untagged 1>"), "subscribers")).containsExactly("a");

    ok(Ng.answer("c1", "a", "b", BOB));
    NgResponse answered = ok(Ng.command("query").put("call-id", "c1"));
    assertThat(tags(party(answered, "a"), "subscriptions")).containsExactly("b");
    assertThat(tags(party(answered, "b"), "subscribers")).containsExactly("a");
    assertThat(party(answered, "b").containsKey("in dialogue with")).isFalse();

    NgResponse onlyB = ok(Ng.command("query").put("call-id", "c1").put("from-tag", "b"));
    assertThat(((BDict) onlyB.body().get("tags")).size()).isEqualTo(2); // b and its subscription
    NgResponse unknown = ok(Ng.command("query").put("call-id", "c1").put("from-tag", "x"));
    assertThat(((BDict) unknown.body().get("tags")).size()).isZero();
  }

  @Test
  void statisticsCountPortsPerInterfaceSingly() throws Exception {
    ok(Ng.offer("c1", "a", ALICE).direction("public", "private"));
    BDict stats = (BDict) ok(Ng.command("statistics")).body().get("statistics");
    BList interfaces = (BList) stats.get("interfaces");
    assertThat(interfaces.size()).isEqualTo(2);
    BDict pub = (BDict) interfaces.get(0);
    assertThat(pub.get("name")).isEqualTo(BString.of("public"));
    BDict ports = (BDict) pub.get("ports");
    assertThat(ports.get("used")).isEqualTo(io.isthmus.ng.bencode.BInteger.of(2));
    assertThat(ports.get("totals"))
        .isEqualTo(io.isthmus.ng.bencode.BInteger.of(PORT_MAX - PORT_MIN + 1));
    BDict current = (BDict) stats.get("currentstatistics");
    assertThat(current.get("sessionstotal")).isEqualTo(io.isthmus.ng.bencode.BInteger.of(1));
    assertThat(handler.statistics().toPrometheus())
        .contains("rtpengine_ports_used{name=\"private\",address=\"127.0.2.1\"} 2\n");
  }

  @Test
  void aNegativeListLimitIsRtpenginesError() throws Exception {
    assertThat(send(Ng.command("list").put("limit", -1)).errorReason())
        .isEqualTo("invalid limit, must be >= 0");
  }

  @Test
  void sdpVersionIsKeptForTheSameSdpAndBumpedOnceForAChangedOne() throws Exception {
    ok(Ng.offer("c1", "a", ALICE).direction("public", "private").list("replace", "SDP-version"));
    ok(Ng.answer("c1", "a", "b", BOB));
    String same =
        sdp(ok(Ng.offer("c1", "a", ALICE).put("to-tag", "b").list("replace", "SDP-version")));
    assertThat(same).contains("o=alice 1234 5678 IN IP4 127.0.1.100\n");
    String moved =
        sdp(
            ok(
                Ng.offer("c1", "a", ALICE.replace("m=audio 2000", "m=audio 2002"))
                    .put("to-tag", "b")
                    .list("replace", "SDP-version")));
    assertThat(moved).contains("o=alice 1234 5679 IN IP4 127.0.1.100\n");
  }

  @Test
  void sessionConnectionIsReplacedOnRequestEvenWhenEveryMediaHasItsOwn() throws Exception {
    String both =
        ALICE.replace(
            "m=audio 2000 RTP/AVP 0\r\n", "m=audio 2000 RTP/AVP 0\r\nc=IN IP4 127.0.1.100\r\n");
    String kept = sdp(ok(Ng.offer("c1", "a", both).direction("public", "private")));
    assertThat(kept)
        .startsWith("v=0\no=alice 1234 5678 IN IP4 127.0.1.100\ns=-\nc=IN IP4 127.0.1.100\n");
    String replaced =
        sdp(
            ok(
                Ng.offer("c2", "a", both)
                    .direction("public", "private")
                    .list("replace", "session-connection")));
    assertThat(replaced).contains("s=-\nc=IN IP4 127.0.2.1\n");
  }

  @Test
  void anSdpWithoutMediaIsRtpenginesRewriteError() throws Exception {
    String none = ALICE.replace("m=audio 2000 RTP/AVP 0\r\n", "");
    NgResponse r = send(Ng.offer("c1", "a", none).direction("public", "private"));
    assertThat(r.errorReason()).isEqualTo("Error rewriting SDP");
    assertThat(handler.callCount()).isZero();
  }
}
