package io.isthmus.media.control;

import static io.isthmus.media.control.SdpShapeTest.ALICE;
import static io.isthmus.media.control.SdpShapeTest.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import org.junit.jupiter.api.Test;

/** Re-offers, late offer, forking, delete scopes and delete delay. */
class CallFlowTest extends ControlTestSupport {

  static final String BOB2 = BOB.replace("127.0.2.100", "127.0.2.101").replace("3000", "4000");

  static BDict tags(NgResponse r) {
    return (BDict) r.body().get("tags");
  }

  @Test
  void identicalReofferKeepsThePortsAndAChangedPortGetsNewOnesOnTheOtherSide() throws Exception {
    int first = port(sdp(ok(Ng.offer("c1", "ft", ALICE).direction("public", "private"))), 0);
    int again = port(sdp(ok(Ng.offer("c1", "ft", ALICE).direction("public", "private"))), 0);
    assertThat(again).isEqualTo(first);
    int toOfferer = port(sdp(ok(Ng.answer("c1", "ft", "tt", BOB))), 0);

    String moved = ALICE.replace("2000", "2010");
    int afterMove = port(sdp(ok(Ng.offer("c1", "ft", moved).put("to-tag", "tt"))), 0);
    assertThat(afterMove).isNotEqualTo(first);
    // the side facing the offerer keeps its port: the offerer's answer repeats it
    assertThat(port(sdp(ok(Ng.answer("c1", "ft", "tt", BOB))), 0)).isEqualTo(toOfferer);
    assertThat(handler.relay().portPool(PRIVATE).usedPairs()).isEqualTo(1);
    assertThat(handler.relay().portPool(PUBLIC).usedPairs()).isEqualTo(1);
  }

  @Test
  void reofferFromTheAnswererRemembersBothInterfaces() throws Exception {
    ok(Ng.offer("c1", "ft", ALICE).direction("public", "private"));
    ok(Ng.answer("c1", "ft", "tt", BOB));
    // re-INVITE from the callee: its SDP goes to the caller on the public side, no direction
    String reoffer = sdp(ok(Ng.offer("c1", "tt", BOB).put("to-tag", "ft")));
    assertThat(reoffer).contains("c=IN IP4 127.0.1.1\n");
    String reanswer = sdp(ok(Ng.answer("c1", "tt", "ft", ALICE)));
    assertThat(reanswer).contains("c=IN IP4 127.0.2.1\n");
  }

  @Test
  void lateOfferSwapsTheTags() throws Exception {
    // 200 OK carries the offer: Kamailio sends the callee's tag as from-tag
    String offer = sdp(ok(Ng.offer("c1", "callee", BOB).direction("private", "public")));
    assertThat(offer).contains("c=IN IP4 127.0.1.1\n");
    // ACK carries the answer from the caller
    String answer = sdp(ok(Ng.answer("c1", "callee", "caller", ALICE)));
    assertThat(answer).contains("c=IN IP4 127.0.2.1\n");
    NgResponse q = ok(Ng.command("query").put("call-id", "c1"));
    assertThat(tags(q).containsKey("callee")).isTrue();
    assertThat(tags(q).containsKey("caller")).isTrue();
  }

  private static java.util.List<String> keys(BDict d) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      out.add(d.key(i).asString());
    }
    return out;
  }

  /** The relay's own view (admin API, call stats): the answerer's monologue by its to-tag. */
  private java.util.List<String> relayTags(String callId) throws Exception {
    return handler
        .relay()
        .query(callId)
        .get(5, java.util.concurrent.TimeUnit.SECONDS)
        .orElseThrow()
        .monologues()
        .stream()
        .map(io.isthmus.media.relay.stats.MonologueStats::tag)
        .toList();
  }

  @Test
  void theAnswerNamesThePartyTheOfferCreatedWithItsToTag() throws Exception {
    ok(Ng.offer("c1", "ft", ALICE).direction("public", "private"));
    assertThat(relayTags("c1")).containsExactly("ft", "<pending 1>");
    BDict before = tags(ok(Ng.command("query").put("call-id", "c1")));
    assertThat(keys(before)).containsExactlyInAnyOrder("ft", "<untagged 1>");

    ok(Ng.answer("c1", "ft", "tt", BOB));

    assertThat(relayTags("c1")).containsExactly("ft", "tt");
    BDict after = tags(ok(Ng.command("query").put("call-id", "c1")));
    assertThat(keys(after)).containsExactlyInAnyOrder("ft", "tt");
    // the answerer's media is still found under its new name
    assertThat((BList) ((BDict) after.get("tt")).get("medias")).hasSize(1);
  }

  @Test
  void aForkedSecondAnswerRenamesTheRelayPartyToTheLatestTag() throws Exception {
    ok(Ng.offer("c1", "ft", ALICE).direction("public", "private").put("via-branch", "b1"));
    ok(Ng.answer("c1", "ft", "t1", BOB).put("via-branch", "b1"));
    ok(Ng.answer("c1", "ft", "t2", BOB2).put("via-branch", "b1"));
    assertThat(relayTags("c1")).containsExactly("ft", "t2");
    BDict tags = tags(ok(Ng.command("query").put("call-id", "c1")));
    assertThat((BList) ((BDict) tags.get("t2")).get("medias")).hasSize(1);
  }

  @Test
  void secondAnswerWithAnotherToTagBecomesTheAnsweringParty() throws Exception {
    ok(Ng.offer("c1", "ft", ALICE).direction("public", "private").put("via-branch", "b1"));
    int p1 = port(sdp(ok(Ng.answer("c1", "ft", "t1", BOB).put("via-branch", "b1"))), 0);
    int p2 = port(sdp(ok(Ng.answer("c1", "ft", "t2", BOB2).put("via-branch", "b1"))), 0);
    assertThat(p2).as("new answer address: new port towards the offerer").isNotEqualTo(p1);
    BDict tags = tags(ok(Ng.command("query").put("call-id", "c1")));
    assertThat(tags.containsKey("ft")).isTrue();
    assertThat(tags.containsKey("t2")).isTrue();
    assertThat(tags.size()).isEqualTo(2);
  }

  @Test
  void deleteWithViaBranchRemovesOnlyThatBranch() throws Exception {
    ok(Ng.offer("c1", "ft", ALICE).direction("public", "private").put("via-branch", "x1"));
    ok(Ng.offer("c1", "ft", ALICE).direction("public", "private").put("via-branch", "x2"));
    ok(Ng.answer("c1", "ft", "t1", BOB).put("via-branch", "x1"));
    ok(Ng.answer("c1", "ft", "t2", BOB2).put("via-branch", "x2"));
    assertThat(handler.relay().portPool(PRIVATE).usedPairs()).isEqualTo(2);
    NgResponse d =
        ok(
            Ng.command("delete")
                .put("call-id", "c1")
                .put("from-tag", "ft")
                .put("via-branch", "x2")
                .put("delete-delay", 0));
    assertThat(tags(d).containsKey("t2")).as("stats of the branch before deletion").isTrue();
    BDict after = tags(ok(Ng.command("query").put("call-id", "c1")));
    assertThat(after.containsKey("t1")).isTrue();
    assertThat(after.containsKey("t2")).isFalse();
    assertThat(handler.relay().portPool(PRIVATE).usedPairs()).isEqualTo(1);
  }

  @Test
  void deleteOfTheWholeCallFreesEverything() throws Exception {
    ok(Ng.offer("c1", "ft", ALICE).direction("public", "private"));
    ok(Ng.answer("c1", "ft", "tt", BOB));
    NgResponse d =
        ok(Ng.command("delete").put("call-id", "c1").put("from-tag", "ft").put("delete-delay", 0));
    assertThat(d.body().containsKey("totals")).isTrue();
    assertThat(handler.callCount()).isZero();
    assertThat(handler.relay().portPool(PUBLIC).usedPairs()).isZero();
    assertThat(send(Ng.command("query").put("call-id", "c1")).errorReason())
        .isEqualTo("Unknown call-id");
  }

  @Test
  void deleteOfAnUnknownCallIsOkWithAWarningUnlessFatal() throws Exception {
    NgResponse r = send(Ng.command("delete").put("call-id", "nope").put("from-tag", "x"));
    assertThat(r.result()).isEqualTo("ok");
    assertThat(r.warning()).isEqualTo("Call-ID not found or tags didn't match");
    NgResponse f =
        send(Ng.command("delete").put("call-id", "nope").put("from-tag", "x").flags("fatal"));
    assertThat(f.result()).isEqualTo("error");
    assertThat(f.errorReason()).isEqualTo("Call-ID not found or tags didn't match");
  }

  @Test
  void deleteDelayKeepsTheCallVisibleThenFreesIt() throws Exception {
    ok(Ng.offer("c1", "ft", ALICE).direction("public", "private"));
    ok(Ng.answer("c1", "ft", "tt", BOB));
    NgResponse d =
        ok(Ng.command("delete").put("call-id", "c1").put("from-tag", "ft").flags("fast"));
    assertThat(d.body().containsKey("tags")).as("fast: no stats").isFalse();
    clock.advance(seconds(29));
    assertThat(ok(Ng.command("query").put("call-id", "c1")).body().containsKey("tags")).isTrue();
    assertThat((BList) ok(Ng.command("list")).body().get("calls")).hasSize(1);
    clock.advance(seconds(2));
    awaitCallCount(0);
    assertThat(send(Ng.command("query").put("call-id", "c1")).errorReason())
        .isEqualTo("Unknown call-id");
    assertThat(handler.relay().portPool(PUBLIC).usedPairs()).isZero();
  }

  @Test
  void anOfferDuringTheDelayRestartsTheCall() throws Exception {
    int port = port(sdp(ok(Ng.offer("c1", "ft", ALICE).direction("public", "private"))), 0);
    ok(Ng.answer("c1", "ft", "tt", BOB));
    ok(Ng.command("delete").put("call-id", "c1").put("from-tag", "ft"));
    clock.advance(seconds(10));
    int again =
        port(
            sdp(ok(Ng.offer("c1", "ft", ALICE).direction("public", "private").put("to-tag", "tt"))),
            0);
    assertThat(again).as("the dying call is reused with its ports").isEqualTo(port);
    clock.advance(seconds(25)); // past the original deletion time, within the media timeout
    assertThat(ok(Ng.command("query").put("call-id", "c1")).result()).isEqualTo("ok");
    assertThat(handler.callCount()).isEqualTo(1);
  }

  @Test
  void mediaTimeoutRemovesTheCallFromTheTables() throws Exception {
    ok(Ng.offer("c1", "ft", ALICE).direction("public", "private"));
    ok(Ng.answer("c1", "ft", "tt", BOB));
    clock.advance(seconds(61));
    awaitCallCount(0);
    assertThat(send(Ng.command("query").put("call-id", "c1")).errorReason())
        .isEqualTo("Unknown call-id");
    BDict totals =
        (BDict)
            ((BDict) ok(Ng.command("statistics")).body().get("statistics")).get("totalstatistics");
    assertThat(totals.get("timeoutsessions").toString()).isEqualTo("1");
  }

  @Test
  void listHonoursItsLimit() throws Exception {
    for (int i = 0; i < 3; i++) {
      ok(Ng.offer("c" + i, "ft", ALICE));
    }
    assertThat((BList) ok(Ng.command("list")).body().get("calls")).hasSize(3);
    assertThat((BList) ok(Ng.command("list").put("limit", 2)).body().get("calls")).hasSize(2);
    BDict current =
        (BDict)
            ((BDict) ok(Ng.command("statistics")).body().get("statistics"))
                .get("currentstatistics");
    assertThat(current.get("sessionsown").toString()).isEqualTo("3");
  }

  /** Deletions run on the call's loop after the clock task hands them over: poll briefly. */
  void awaitCallCount(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (handler.callCount() != n && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(handler.callCount()).isEqualTo(n);
  }
}
