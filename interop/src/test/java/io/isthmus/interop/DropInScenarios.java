package io.isthmus.interop;

import static io.isthmus.interop.Fixtures.ALICE;
import static io.isthmus.interop.Fixtures.ALICE_AV;
import static io.isthmus.interop.Fixtures.BOB;
import static io.isthmus.interop.Fixtures.BOB_AUDIO_NO_VIDEO;
import static io.isthmus.interop.Fixtures.CAROL;
import static io.isthmus.interop.Requests.answer;
import static io.isthmus.interop.Requests.command;
import static io.isthmus.interop.Requests.delete;
import static io.isthmus.interop.Requests.offer;
import static io.isthmus.interop.Requests.query;
import static io.isthmus.interop.Requests.raw;

import io.isthmus.ng.bencode.BInteger;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scenarios for what an operator swapping rtpengine 10.5 for Isthmus meets beyond the basic call
 * flows: query, list and statistics replies; error reasons for malformed requests; SDP edge cases;
 * SDES; forking. Same rules as {@link Scenarios}.
 */
final class DropInScenarios {
  private DropInScenarios() {}

  private static final String PUB = "public";
  private static final String PRIV = "private";

  static List<Scenario> all() {
    List<Scenario> all = new ArrayList<>();
    queries(all);
    errors(all);
    sdp(all);
    sdes(all);
    forking(all);
    ice(all);
    media(all);
    return all;
  }

  private static void queries(List<Scenario> all) {
    all.add(
        s(
            "query-by-tag",
            "query naming a party by from-tag, by to-tag, and an unknown tag",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            query("c1").put("from-tag", "a"),
            query("c1").put("from-tag", "b"),
            query("c1").put("from-tag", "a").put("to-tag", "b"),
            query("c1").put("from-tag", "x")));
    all.add(
        s(
            "delete-dialogue-by-to-tag",
            "delete with from-tag and to-tag: the reply lists that dialogue",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            delete("c1", "a").put("to-tag", "b"),
            query("c1")));
    all.add(
        s(
            "statistics",
            "statistics with no call, with one answered call, after its delete",
            command("statistics"),
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            command("statistics"),
            delete("c1", "a"),
            command("statistics")));
    all.add(
        s(
            "list-limit",
            "list with limit 0, 1, a numeric string, and a negative limit",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            command("list").put("limit", 0),
            command("list").put("limit", 1),
            command("list").put("limit", "5"),
            command("list").put("limit", -1)));
    all.add(
        s(
            "re-offer-from-callee",
            "the callee re-offers (re-INVITE from the other side), then query",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            offer("c1", "b", Fixtures.bob("sendrecv", 1)).put("to-tag", "a"),
            answer("c1", "b", "a", Fixtures.alice("sendrecv", 1, 6000)),
            query("c1")));
    all.add(
        s(
            "late-offer-query",
            "offer in the 200 OK (tags swapped), answer in the ACK, query",
            offer("c1", "b", BOB).put("to-tag", "a").direction(PRIV, PUB),
            answer("c1", "b", "a", ALICE),
            query("c1")));
    all.add(
        s(
            "query-rejected-video",
            "audio and video, video rejected by the answer, then query",
            offer("c1", "a", ALICE_AV).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB_AUDIO_NO_VIDEO),
            query("c1")));
    all.add(
        s(
            "labels",
            "label on the offer and on the answer, shown by query",
            offer("c1", "a", ALICE).direction(PUB, PRIV).put("label", "caller"),
            answer("c1", "a", "b", BOB).put("label", "callee"),
            query("c1")));
  }

  private static void errors(List<Scenario> all) {
    all.add(
        s(
            "malformed-bencode",
            "truncated, garbage after the dictionary, a non-string key, no payload, not NG",
            raw("d7:command5:offer7:call-id"),
            raw("d7:command4:pingexyz"),
            raw("di1e4:pinge"),
            raw(""),
            raw("hello")));
    all.add(
        s(
            "malformed-json",
            "truncated JSON, JSON null and fractions, duplicate keys, JSON ping",
            raw("{\"command\":\"ping\""),
            raw("{\"command\":\"ping\",\"x\":null}"),
            raw("{\"command\":\"ping\",\"x\":1.5}"),
            raw("{\"command\":\"ping\",\"command\":\"ping\"}"),
            raw("{\"command\":\"ping\"}")));
    all.add(
        s(
            "wrong-type-keys-more",
            "sdp as an integer, from-tag as a list, command as an integer, unknown command",
            command("offer")
                .put("call-id", "c1")
                .put("from-tag", "a")
                .put("sdp", BInteger.of(1))
                .direction(PUB, PRIV),
            command("offer")
                .put("call-id", "c1")
                .put("from-tag", BList.ofStrings(List.of("a")))
                .sdp(ALICE)
                .direction(PUB, PRIV),
            raw("d7:commandi1ee"),
            command("frobnicate"),
            command("offer").put("from-tag", "a").sdp(ALICE)));
  }

  private static void sdp(List<Scenario> all) {
    all.add(
        s(
            "lf-only-sdp",
            "an SDP with LF line ends only",
            command("offer")
                .put("call-id", "c1")
                .put("from-tag", "a")
                .put("sdp", lf(ALICE))
                .direction(PUB, PRIV),
            command("answer")
                .put("call-id", "c1")
                .put("from-tag", "a")
                .put("to-tag", "b")
                .put("sdp", lf(BOB))));
    all.add(
        s(
            "sdp-without-media",
            "an SDP without any m= line",
            offer("c1", "a", Fixtures.ALICE_NO_MEDIA).direction(PUB, PRIV)));
    all.add(
        s(
            "replace-sdp-version",
            "replace: [SDP-version]: same SDP keeps the version, a changed one with it bumps",
            offer("c1", "a", ALICE).direction(PUB, PRIV).list("replace", "SDP-version"),
            answer("c1", "a", "b", BOB).list("replace", "SDP-version"),
            offer("c1", "a", ALICE).put("to-tag", "b").list("replace", "SDP-version"),
            offer("c1", "a", Fixtures.alice("sendrecv", 0, 6002))
                .put("to-tag", "b")
                .list("replace", "SDP-version"),
            answer("c1", "a", "b", BOB).list("replace", "SDP-version")));
    all.add(
        s(
            "session-and-media-connection",
            "c= at session and media level, without and with replace-session-connection",
            offer("c1", "a", Fixtures.ALICE_BOTH_C).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            offer("c2", "a", Fixtures.ALICE_BOTH_C)
                .direction(PUB, PRIV)
                .list("replace", "session-connection"),
            answer("c2", "a", "b", BOB).list("replace", "session-connection")));
  }

  private static void sdes(List<Scenario> all) {
    all.add(
        s(
            "sdes-avp-to-savp",
            "RTP/AVP offer sent on as RTP/SAVP; SAVP answer; the same re-offer keeps the keys",
            offer("c1", "a", ALICE).direction(PUB, PRIV).put("transport-protocol", "RTP/SAVP"),
            answer("c1", "a", "b", Fixtures.BOB_SAVP),
            offer("c1", "a", ALICE).put("to-tag", "b").put("transport-protocol", "RTP/SAVP"),
            answer("c1", "a", "b", Fixtures.BOB_SAVP)));
    all.add(
        s(
            "sdes-savp-to-avp",
            "RTP/SAVP offer with two crypto lines sent on as RTP/AVP",
            offer("c1", "a", Fixtures.ALICE_SAVP)
                .direction(PUB, PRIV)
                .put("transport-protocol", "RTP/AVP"),
            answer("c1", "a", "b", BOB)));
    all.add(
        s(
            "sdes-savp-passthrough",
            "RTP/SAVP offer with two crypto lines, no transport-protocol; SAVP answer takes tag 1",
            offer("c1", "a", Fixtures.ALICE_SAVP).direction(PUB, PRIV),
            answer("c1", "a", "b", Fixtures.BOB_SAVP.replace("a=crypto:7 ", "a=crypto:1 "))));
  }

  private static void forking(List<Scenario> all) {
    all.add(
        s(
            "forking-two-answers",
            "one offer, two answers with different to-tags (no via-branch), query",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            answer("c1", "a", "c", CAROL),
            query("c1")));
    all.add(
        s(
            "forking-via-branch-query",
            "two branches answered, query before any delete",
            offer("c1", "a", ALICE).direction(PUB, PRIV).put("via-branch", "z9hG4bK-1"),
            offer("c1", "a", ALICE).direction(PUB, PRIV).put("via-branch", "z9hG4bK-2"),
            query("c1"),
            answer("c1", "a", "b", BOB).put("via-branch", "z9hG4bK-1"),
            answer("c1", "a", "c", CAROL).put("via-branch", "z9hG4bK-2"),
            query("c1")));
  }

  private static void ice(List<Scenario> all) {
    all.add(
        s(
            "ice-default-checks",
            "ICE offer, no ICE key: the relay's candidates both ways; a check; media; query",
            offer("c1", "a", Fixtures.ALICE_ICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            Requests.media("stun:a", "b>a", "a>b"),
            query("c1")));
    all.add(
        s(
            "ice-force-plain",
            "ICE=force on a plain offer, with and without trickle-ICE; plain answers",
            offer("c1", "a", ALICE).direction(PUB, PRIV).put("ICE", "force"),
            answer("c1", "a", "b", BOB),
            offer("c2", "a", ALICE).direction(PUB, PRIV).put("ICE", "force").flags("trickle-ICE"),
            answer("c2", "a", "b", BOB)));
    all.add(
        s(
            "ice-answerer-checks",
            "ICE=force on a plain offer, an ICE answer: the answerer's check, media",
            offer("c1", "a", ALICE).direction(PUB, PRIV).put("ICE", "force"),
            answer("c1", "a", "b", Fixtures.BOB_ICE),
            Requests.media("stun:b", "a>b", "b>a")));
    all.add(
        s(
            "ice-rtcp-mux",
            "ICE offer with rtcp-mux, the answer accepts mux",
            offer("c1", "a", Fixtures.ALICE_ICE_MUX).direction(PUB, PRIV),
            answer("c1", "a", "b", Fixtures.BOB_MUX)));
    all.add(
        s(
            "sdes-savp-gcm-to-avp",
            "RTP/SAVP offer with AEAD_AES_128_GCM first, sent on as RTP/AVP",
            offer("c1", "a", Fixtures.ALICE_SAVP_GCM)
                .direction(PUB, PRIV)
                .put("transport-protocol", "RTP/AVP"),
            answer("c1", "a", "b", BOB)));
  }

  private static void media(List<Scenario> all) {
    all.add(
        s(
            "media-plain",
            "RTP and RTCP both ways through a plain call",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            Requests.media("a>b", "b>a", "a>b:rtcp", "b>a:rtcp")));
    all.add(
        s(
            "media-query",
            "RTP and RTCP both ways, then query: per-stream SSRC and codec, per-SSRC reports",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            Requests.media("a>b", "b>a", "a>b:rtcp", "b>a:rtcp"),
            query("c1")));
    all.add(
        s(
            "media-transcode",
            "PCMU -> PCMA transcoding: RTP headers, RTCP, a second SSRC",
            offer("c1", "a", Fixtures.ALICE_PCMU).direction(PUB, PRIV).codec("transcode", "PCMA"),
            answer("c1", "a", "b", Fixtures.BOB_PCMA),
            Requests.media("a>b", "b>a", "a>b:rtcp", "b>a:rtcp", "a>b:ssrc2")));
    all.add(
        s(
            "media-nat-learning",
            "media from the SDP port, then from another port, then from the SDP port again",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            Requests.media("a>b", "b>a"),
            Requests.media("a@nat>b", "b>a"),
            Requests.media("a>b", "b>a")));
  }

  /** The SDP with LF line ends only. */
  private static BString lf(String text) {
    return BString.of(text.strip().replace("\r\n", "\n") + "\n");
  }

  private static Scenario s(String name, String description, Requests... steps) {
    return new Scenario(name, description, Arrays.stream(steps).map(Requests::step).toList());
  }
}
