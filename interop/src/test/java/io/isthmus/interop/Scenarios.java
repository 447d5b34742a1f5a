package io.isthmus.interop;

import static io.isthmus.interop.Fixtures.ALICE;
import static io.isthmus.interop.Fixtures.ALICE_AV;
import static io.isthmus.interop.Fixtures.ALICE_AVPF;
import static io.isthmus.interop.Fixtures.ALICE_ICE;
import static io.isthmus.interop.Fixtures.ALICE_MEDIA_C;
import static io.isthmus.interop.Fixtures.ALICE_MUX;
import static io.isthmus.interop.Fixtures.ALICE_PCMU;
import static io.isthmus.interop.Fixtures.BOB;
import static io.isthmus.interop.Fixtures.BOB_AUDIO_NO_VIDEO;
import static io.isthmus.interop.Fixtures.BOB_AV;
import static io.isthmus.interop.Fixtures.BOB_AVPF;
import static io.isthmus.interop.Fixtures.BOB_MUX;
import static io.isthmus.interop.Fixtures.BOB_PCMA;
import static io.isthmus.interop.Fixtures.CAROL;
import static io.isthmus.interop.Requests.answer;
import static io.isthmus.interop.Requests.command;
import static io.isthmus.interop.Requests.delete;
import static io.isthmus.interop.Requests.offer;
import static io.isthmus.interop.Requests.query;

import io.isthmus.ng.bencode.BInteger;
import io.isthmus.ng.bencode.BString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The differential scenarios: NG request sequences as Kamailio sends them for the reference
 * deployment (interfaces {@code public} and {@code private}), plus the error paths. Each scenario
 * starts from nothing; the runner deletes its calls afterwards.
 */
final class Scenarios {
  private Scenarios() {}

  private static final String PUB = "public";
  private static final String PRIV = "private";

  static List<Scenario> all() {
    List<Scenario> all = new ArrayList<>();
    all.add(
        s(
            "public-to-private",
            "plain offer/answer from the public side, c= per media",
            offer("c1", "a", ALICE_MEDIA_C).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            delete("c1", "a")));
    all.add(
        s(
            "private-to-public",
            "plain offer/answer from the private side",
            offer("c1", "b", BOB).direction(PRIV, PUB),
            answer("c1", "b", "a", ALICE)));
    all.add(
        s(
            "audio-and-video",
            "two m= lines, each with its own c=",
            offer("c1", "a", ALICE_AV).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB_AV)));
    all.add(
        s(
            "session-level-connection-only",
            "c= only at session level in offer and answer",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB)));
    all.add(
        s(
            "rejected-stream",
            "video rejected with port 0 in the answer",
            offer("c1", "a", ALICE_AV).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB_AUDIO_NO_VIDEO)));
    all.add(
        s(
            "hold-and-resume",
            "re-offer sendonly, answer recvonly, then sendrecv again",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            offer("c1", "a", Fixtures.alice("sendonly", 1, 6000)).put("to-tag", "b"),
            answer("c1", "a", "b", Fixtures.bob("recvonly", 1)),
            offer("c1", "a", Fixtures.alice("sendrecv", 2, 6000)).put("to-tag", "b"),
            answer("c1", "a", "b", Fixtures.bob("sendrecv", 2))));
    all.add(
        s(
            "identical-re-offer",
            "the same offer and answer twice keep the ports",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            offer("c1", "a", ALICE).put("to-tag", "b"),
            answer("c1", "a", "b", BOB)));
    all.add(
        s(
            "re-offer-changed-port",
            "re-offer with another media port of the offerer",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB),
            offer("c1", "a", Fixtures.alice("sendrecv", 1, 6002)).put("to-tag", "b"),
            answer("c1", "a", "b", Fixtures.bob("sendrecv", 1)),
            query("c1")));
    all.add(
        s(
            "rtcp-mux-accepted",
            "offer with a=rtcp-mux and a=rtcp, no flags; answer accepts",
            offer("c1", "a", ALICE_MUX).direction(PUB, PRIV),
            answer("c1", "a", "b", BOB_MUX)));
    all.add(
        s(
            "rtcp-mux-demux",
            "rtcp-mux: [demux] towards a side without rtcp-mux",
            offer("c1", "a", ALICE_MUX).direction(PUB, PRIV).list("rtcp-mux", "demux"),
            answer("c1", "a", "b", BOB)));
    all.add(
        s(
            "rtcp-mux-offer",
            "rtcp-mux: [offer] adds rtcp-mux towards the answerer",
            offer("c1", "a", ALICE).direction(PUB, PRIV).list("rtcp-mux", "offer"),
            answer("c1", "a", "b", BOB_MUX)));
    all.add(
        s(
            "ice-remove",
            "ICE=remove strips ufrag, pwd and candidates",
            offer("c1", "a", ALICE_ICE).direction(PUB, PRIV).put("ICE", "remove"),
            answer("c1", "a", "b", BOB)));
    all.add(
        s(
            "replace-origin",
            "replace: [origin, session-connection]",
            offer("c1", "a", ALICE)
                .direction(PUB, PRIV)
                .list("replace", "origin", "session-connection"),
            answer("c1", "a", "b", BOB).list("replace", "origin", "session-connection")));
    all.add(
        s(
            "transport-protocol-avpf",
            "transport-protocol: RTP/AVPF on an RTP/AVP offer, and back",
            offer("c1", "a", ALICE).direction(PUB, PRIV).put("transport-protocol", "RTP/AVPF"),
            answer("c1", "a", "b", BOB_AVPF),
            offer("c2", "a", ALICE_AVPF).direction(PUB, PRIV).put("transport-protocol", "RTP/AVP"),
            answer("c2", "a", "b", BOB)));
    all.add(
        s(
            "codec-strip",
            "codec: {strip: [PCMA]}",
            offer("c1", "a", ALICE).direction(PUB, PRIV).codec("strip", "PCMA"),
            answer("c1", "a", "b", BOB)));
    all.add(
        s(
            "codec-mask",
            "codec: {mask: [PCMA]}",
            offer("c1", "a", ALICE).direction(PUB, PRIV).codec("mask", "PCMA"),
            answer("c1", "a", "b", BOB)));
    all.add(
        s(
            "codec-transcode",
            "codec: {transcode: [PCMA]} on a PCMU-only offer; answer takes PCMA",
            offer("c1", "a", ALICE_PCMU).direction(PUB, PRIV).codec("transcode", "PCMA"),
            answer("c1", "a", "b", BOB_PCMA)));
    all.add(
        s(
            "late-offer",
            "offer in the 200 OK: Kamailio swaps the tags (from-tag = callee)",
            offer("c1", "b", BOB).put("to-tag", "a").direction(PRIV, PUB),
            answer("c1", "b", "a", ALICE)));
    all.add(
        s(
            "forking-via-branch",
            "two branches with their own via-branch, one deleted by branch",
            offer("c1", "a", ALICE).direction(PUB, PRIV).put("via-branch", "z9hG4bK-1"),
            offer("c1", "a", ALICE).direction(PUB, PRIV).put("via-branch", "z9hG4bK-2"),
            answer("c1", "a", "b", BOB).put("via-branch", "z9hG4bK-1"),
            answer("c1", "a", "c", CAROL).put("via-branch", "z9hG4bK-2"),
            delete("c1", "a").put("to-tag", "c").put("via-branch", "z9hG4bK-2"),
            query("c1")));
    all.add(
        s(
            "delete-unknown-call",
            "delete of a call that does not exist: ok with a warning",
            delete("nosuchcall", "a")));
    all.add(
        s(
            "delete-unknown-call-fatal",
            "the same with the fatal flag: an error",
            delete("nosuchcall", "a").flags("fatal")));
    all.add(
        s(
            "offer-without-sdp",
            "offer without the sdp key",
            command("offer").put("call-id", "c1").put("from-tag", "a").direction(PUB, PRIV)));
    all.add(
        s(
            "offer-unparsable-sdp",
            "an sdp that is not SDP",
            command("offer")
                .put("call-id", "c1")
                .put("from-tag", "a")
                .put("sdp", "this is not a session description\r\n")
                .direction(PUB, PRIV)));
    all.add(
        s(
            "unknown-flag",
            "an unknown flag is ignored (rtpengine only logs it)",
            offer("c1", "a", ALICE).direction(PUB, PRIV).flags("no-such-flag"),
            answer("c1", "a", "b", BOB)));
    all.add(
        s(
            "wrong-type-keys",
            "call-id as an integer; flags as a string instead of a list",
            command("offer")
                .put("call-id", BInteger.of(42))
                .put("from-tag", "a")
                .sdp(ALICE)
                .direction(PUB, PRIV),
            command("offer")
                .put("call-id", "c1")
                .put("from-tag", "a")
                .sdp(ALICE)
                .direction(PUB, PRIV)
                .put("flags", BString.of("trust-address"))));
    all.add(
        s(
            "query-after-offer-and-answer",
            "query after the offer, after the answer, and of an unknown call",
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            query("c1"),
            answer("c1", "a", "b", BOB),
            query("c1"),
            query("nosuchcall")));
    all.add(
        s(
            "list-and-ping",
            "ping; list with two calls; list after deleting one",
            command("ping"),
            offer("c1", "a", ALICE).direction(PUB, PRIV),
            offer("c2", "a", ALICE).direction(PUB, PRIV),
            command("list"),
            delete("c1", "a"),
            command("list")));
    all.addAll(DropInScenarios.all());
    return all;
  }

  private static Scenario s(String name, String description, Requests... steps) {
    return new Scenario(name, description, Arrays.stream(steps).map(Requests::step).toList());
  }
}
