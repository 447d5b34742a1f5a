package io.isthmus.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The normaliser and the diff on hand-made replies, without any engine. */
class ReplyNormalizerTest {
  private static final String OFFER_REPLY =
      Sdp.crlf(
          """
          v=0
          o=alice 1 1 IN IP4 127.0.1.100
          s=-
          c=IN IP4 127.0.2.1
          t=0 0
          m=audio 24000 RTP/AVP 0
          a=rtcp:24001
          m=video 24002 RTP/AVP 96
          a=rtcp:24003
          m=audio 5000 RTP/AVP 0
          """);

  private final ReplyNormalizer normalizer =
      new ReplyNormalizer(24000, 24999, Map.of("c1.x.rtpengine.1", "c1"));

  @Test
  void namesAllocatedPortsPerInterfaceAndKeepsRtcpPairing() {
    NormalizedReply r =
        normalizer.normalize(
            BDict.builder().put("result", "ok").put("sdp", OFFER_REPLY).build(), "");

    assertThat(r.sdp().get(1).lines())
        .containsExactly("m=audio PRIV_PORT_1 RTP/AVP 0", "a=rtcp:PRIV_PORT_1+1");
    // 24002 follows the odd 24001: a new allocation, not an RTCP port.
    assertThat(r.sdp().get(2).lines())
        .containsExactly("m=video PRIV_PORT_2 RTP/AVP 96", "a=rtcp:PRIV_PORT_2+1");
    // A port outside the engine's range stays a number (here: the client's port passed through).
    assertThat(r.sdp().get(3).lines()).containsExactly("m=audio 5000 RTP/AVP 0");
    assertThat(r.sdp().getFirst().lines())
        .contains("c=IN IP4 PRIVATE_IF", "o=alice 1 1 IN IP4 127.0.1.100");
    assertThat(r.fields()).containsEntry("sdp.line-endings", "CRLF");
  }

  @Test
  void samePortNumberOnTheOtherInterfaceIsAnotherSymbol() {
    assertThat(normalizer.port(Interop.PRIVATE_IF, 24100)).isEqualTo("PRIV_PORT_1");
    assertThat(normalizer.port(Interop.PUBLIC_IF, 24100)).isEqualTo("PUB_PORT_1");
    assertThat(normalizer.port(Interop.PUBLIC_IF, 24101)).isEqualTo("PUB_PORT_1+1");
    assertThat(normalizer.port(Interop.PUBLIC_IF, 24100)).isEqualTo("PUB_PORT_1");
  }

  @Test
  void masksTimesMapsCallIdsAndSortsFlagsAndCalls() {
    BDict reply =
        BDict.builder()
            .put("result", "ok")
            .put("created", 1795690886)
            .put("calls", BList.ofStrings(List.of("zz", "c1.x.rtpengine.1")))
            .put("flags", BList.ofStrings(List.of("send", "recv")))
            .build();

    NormalizedReply r = normalizer.normalize(reply, "");

    assertThat(r.fields())
        .containsEntry("created", "<time>")
        .containsEntry("calls", "[c1, zz]")
        .containsEntry("flags", "[recv, send]");
  }

  @Test
  void reportsOrderSeparatelyFromContent() {
    NormalizedReply a = sdpOnly("a=sendrecv", "a=rtcp:PORT");
    NormalizedReply swapped = sdpOnly("a=rtcp:PORT", "a=sendrecv");
    NormalizedReply other = sdpOnly("a=sendonly", "a=rtcp:PORT");

    assertThat(ReplyDiff.compare("s", 1, Scenario.Compare.FULL, a, swapped))
        .extracting(Difference::kind)
        .containsExactly(Difference.Kind.SDP_ORDER);
    assertThat(ReplyDiff.compare("s", 1, Scenario.Compare.FULL, a, other))
        .extracting(Difference::detail)
        .containsExactly(
            "sdp media 0 (audio) only in rtpengine: a=sendrecv",
            "sdp media 0 (audio) only in isthmus: a=sendonly");
    assertThat(ReplyDiff.compare("s", 1, Scenario.Compare.NONE, a, other)).isEmpty();
  }

  @Test
  void knownDifferenceMatchesOnlyItsScenarioAndKind() {
    Difference d =
        new Difference(
            "ice-remove",
            2,
            Difference.Kind.SDP_CONTENT,
            "sdp session only in isthmus: a=ice-lite");
    KnownDifference k =
        KnownDifferences.KNOWN_DIFFERENCES.stream()
            .filter(x -> x.matches(d))
            .findFirst()
            .orElseThrow();

    assertThat(k.matches(new Difference("hold-and-resume", 2, d.kind(), d.detail()))).isFalse();
    assertThat(k.matches(new Difference("ice-remove", 2, Difference.Kind.SDP_ORDER, d.detail())))
        .isFalse();
  }

  private static NormalizedReply sdpOnly(String... lines) {
    return new NormalizedReply(
        new TreeMap<>(Map.of("result", "ok")),
        List.of(
            new NormalizedReply.Section("session", List.of("v=0")),
            new NormalizedReply.Section("media 0 (audio)", List.of(lines))));
  }
}
