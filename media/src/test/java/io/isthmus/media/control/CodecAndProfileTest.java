package io.isthmus.media.control;

import static io.isthmus.media.control.Ng.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Codec manipulation, ICE, transport protocol and SRTP pass-through. */
class CodecAndProfileTest extends ControlTestSupport {

  static final String FIVE_CODECS =
      crlf(
          """
          v=0
          o=alice 1234 5678 IN IP4 127.0.1.100
          s=-
          c=IN IP4 127.0.1.100
          t=0 0
          m=audio 2000 RTP/AVP 0 8 9 18 101
          a=rtpmap:9 G722/8000
          a=rtpmap:18 G729/8000
          a=fmtp:18 annexb=no
          a=rtpmap:101 telephone-event/8000
          a=fmtp:101 0-16
          """);

  static String mline(String sdp) {
    return sdp.lines().filter(l -> l.startsWith("m=audio")).findFirst().orElseThrow();
  }

  static BDict codec(String op, String... codecs) {
    return BDict.builder().put(op, BList.ofStrings(List.of(codecs))).build();
  }

  /** Expectations observed on rtpengine 10.5 with the same offer. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "codec-strip-PCMA codec-strip-G729; 0 9 101",
        "codec-strip-all; 0 8 9 18 101",
        "codec-mask-PCMU; 8 9 18 101",
        "codec-mask-PCMU codec-transcode-PCMA; 8 9 18 101",
        "codec-strip-8; 0 9 18 101",
        "codec-strip-G722/8000; 0 8 18 101",
        "codec-offer-G722; 0 8 9 18 101",
        "codec-except-PCMA; 0 8 9 18 101",
      })
  void codecFlagsFilterTheOfferSentOn(String flags, String formats) throws Exception {
    String out =
        sdp(
            ok(
                Ng.offer("c1", "ft", FIVE_CODECS)
                    .direction("public", "private")
                    .flags(flags.split(" "))));
    assertThat(mline(out)).endsWith("RTP/AVP " + formats);
    for (String fmt : formats.split(" ")) {
      assertThat(out).contains("a=rtpmap:" + fmt + " ");
    }
  }

  @Test
  void stripAllExceptKeepsTheWhitelistWithItsParameters() throws Exception {
    var req =
        Ng.offer("c1", "ft", FIVE_CODECS)
            .direction("public", "private")
            .put(
                "codec",
                BDict.builder()
                    .put("strip", BList.ofStrings(List.of("all")))
                    .put("except", BList.ofStrings(List.of("PCMA", "telephone-event")))
                    .build());
    assertThat(normalise(sdp(ok(req))))
        .endsWith(
            """
            m=audio PORT RTP/AVP 8 101
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-16
            a=sendrecv
            a=rtcp:PORT+1
            """);
  }

  @Test
  void offerReaddsAStrippedCodecAtTheEndBeforeTelephoneEvent() throws Exception {
    var req =
        Ng.offer("c1", "ft", FIVE_CODECS)
            .direction("public", "private")
            .put(
                "codec",
                BDict.builder()
                    .put("strip", BList.ofStrings(List.of("PCMA")))
                    .put("offer", BList.ofStrings(List.of("PCMA")))
                    .build());
    assertThat(mline(sdp(ok(req)))).endsWith("RTP/AVP 0 9 18 8 101");
  }

  @Test
  void transcodeAddsPcmaAndTheAnswerBackNamesOnlyTheOfferersCodec() throws Exception {
    String offer =
        crlf(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            c=IN IP4 127.0.1.100
            t=0 0
            m=audio 2000 RTP/AVP 0 101
            a=rtpmap:101 telephone-event/8000
            """);
    String out =
        sdp(
            ok(
                Ng.offer("c1", "ft", offer)
                    .direction("public", "private")
                    .flags("codec-transcode-PCMA")));
    assertThat(normalise(out))
        .endsWith(
            """
            m=audio PORT RTP/AVP 0 8 101
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=sendrecv
            a=rtcp:PORT+1
            """);
    String answer =
        crlf(
            """
            v=0
            o=bob 99 1 IN IP4 127.0.2.100
            s=-
            c=IN IP4 127.0.2.100
            t=0 0
            m=audio 3000 RTP/AVP 8 101
            a=rtpmap:101 telephone-event/8000
            """);
    assertThat(normalise(sdp(ok(Ng.answer("c1", "ft", "tt", answer)))))
        .endsWith(
            """
            m=audio PORT RTP/AVP 0 101
            a=rtpmap:0 PCMU/8000
            a=rtpmap:101 telephone-event/8000
            a=sendrecv
            a=rtcp:PORT+1
            """);
  }

  @Test
  void answerWithBothLawsNeedsNoTranscodingAndDropsTheAddedOne() throws Exception {
    String offer = FIVE_CODECS.replace("0 8 9 18 101", "0 101");
    ok(Ng.offer("c1", "ft", offer).direction("public", "private").flags("codec-transcode-PCMA"));
    String answer =
        crlf(
            "v=0\no=bob 99 1 IN IP4 127.0.2.100\ns=-\nc=IN IP4 127.0.2.100\nt=0 0\n"
                + "m=audio 3000 RTP/AVP 0 8 101\na=rtpmap:101 telephone-event/8000\n");
    assertThat(mline(sdp(ok(Ng.answer("c1", "ft", "tt", answer))))).endsWith("RTP/AVP 0 101");
  }

  @Test
  void transcodingToACodecTheRelayCannotMakeIsAWarning() throws Exception {
    var r =
        ok(
            Ng.offer("c1", "ft", FIVE_CODECS)
                .direction("public", "private")
                .flags("codec-transcode-opus"));
    assertThat(mline(sdp(r))).endsWith("RTP/AVP 0 8 9 18 101");
    assertThat(r.warning()).contains("opus");
  }

  @Test
  void singleCodecAnswerKeepsTheFirstCodecAndTelephoneEvent() throws Exception {
    ok(Ng.offer("c1", "ft", FIVE_CODECS).direction("public", "private"));
    String answer =
        crlf(
            "v=0\no=bob 99 1 IN IP4 127.0.2.100\ns=-\nc=IN IP4 127.0.2.100\nt=0 0\n"
                + "m=audio 3000 RTP/AVP 8 0 101\na=rtpmap:101 telephone-event/8000\n");
    String out = sdp(ok(Ng.answer("c1", "ft", "tt", answer).flags("single-codec")));
    assertThat(mline(out)).endsWith("RTP/AVP 8 101");
    assertThat(out).doesNotContain("a=rtpmap:0 ");
  }

  static final String ICE_OFFER =
      crlf(
          """
          v=0
          o=alice 1234 5678 IN IP4 127.0.1.100
          s=-
          c=IN IP4 127.0.1.100
          t=0 0
          a=ice-lite
          m=audio 2000 RTP/AVP 0
          a=ice-ufrag:abcd
          a=ice-pwd:0123456789012345678901
          a=ice-options:trickle
          a=candidate:1 1 UDP 2130706431 127.0.1.100 2000 typ host
          a=candidate:1 2 UDP 2130706430 127.0.1.100 2001 typ host
          a=end-of-candidates
          a=x-after
          """);

  @Test
  void iceRemoveStripsThePartysIceAtBothLevels() throws Exception {
    var r = ok(Ng.offer("c1", "ft", ICE_OFFER).direction("public", "private").put("ICE", "remove"));
    assertThat(normalise(sdp(r)))
        .isEqualTo(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            c=IN IP4 127.0.2.1
            t=0 0
            m=audio PORT RTP/AVP 0
            a=x-after
            a=rtpmap:0 PCMU/8000
            a=sendrecv
            a=rtcp:PORT+1
            """);
    assertThat(r.warning()).isNull();
  }

  @ParameterizedTest(name = "ICE={0}")
  @CsvSource({"default", "force", "''"})
  void theRelayReplacesThePartysIceWithItsOwnLiteAgent(String ice) throws Exception {
    var req = Ng.offer("c1", "ft", ICE_OFFER).direction("public", "private");
    if (!ice.isEmpty()) {
      req.put("ICE", ice);
    }
    var r = ok(req);
    String out = sdp(r);
    int port = port(out, 0);
    assertThat(
            normalise(out)
                .replaceAll("ice-ufrag:\\w{8}", "ice-ufrag:U")
                .replaceAll("ice-pwd:\\w{26}", "ice-pwd:P")
                .replaceAll("candidate:\\w{16} ", "candidate:F ")
                .replace(" " + port + " typ", " PORT typ")
                .replace(" " + (port + 1) + " typ", " PORT+1 typ"))
        .isEqualTo(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            c=IN IP4 127.0.2.1
            t=0 0
            a=ice-lite
            m=audio PORT RTP/AVP 0
            a=x-after
            a=rtpmap:0 PCMU/8000
            a=sendrecv
            a=rtcp:PORT+1
            a=ice-ufrag:U
            a=ice-pwd:P
            a=candidate:F 1 UDP 2130706431 127.0.2.1 PORT typ host
            a=candidate:F 2 UDP 2130706430 127.0.2.1 PORT+1 typ host
            """);
    assertThat(r.warning()).isNull();
  }

  @Test
  void iceValuesTheRelayCannotDoAreNamedInAWarning() throws Exception {
    var r =
        ok(Ng.offer("c1", "ft", ICE_OFFER).direction("public", "private").put("ICE", "optional"));
    assertThat(sdp(r)).contains("a=candidate:").doesNotContain("abcd");
    assertThat(r.warning()).contains("ICE 'optional' is not supported");
  }

  @Test
  void transportProtocolSwitchesFeedbackProfileAndTheAnswerGetsTheOriginalBack() throws Exception {
    String offer = FIVE_CODECS.replace("0 8 9 18 101", "0 8");
    var r =
        ok(
            Ng.offer("c1", "ft", offer)
                .direction("public", "private")
                .put("transport-protocol", "RTP/AVPF"));
    assertThat(mline(sdp(r))).endsWith("RTP/AVPF 0 8");
    String answer =
        crlf(
            "v=0\no=bob 99 1 IN IP4 127.0.2.100\ns=-\nc=IN IP4 127.0.2.100\nt=0 0\n"
                + "m=audio 3000 RTP/AVPF 0\n");
    assertThat(mline(sdp(ok(Ng.answer("c1", "ft", "tt", answer))))).endsWith("RTP/AVP 0");
  }

  @Test
  void transportProtocolAvpfToAvpAndBack() throws Exception {
    String offer = FIVE_CODECS.replace("RTP/AVP 0 8 9 18 101", "RTP/AVPF 0");
    var r =
        ok(
            Ng.offer("c1", "ft", offer)
                .direction("public", "private")
                .put("transport-protocol", "RTP/AVP"));
    assertThat(mline(sdp(r))).endsWith("RTP/AVP 0");
    String answer =
        crlf(
            "v=0\no=bob 99 1 IN IP4 127.0.2.100\ns=-\nc=IN IP4 127.0.2.100\nt=0 0\n"
                + "m=audio 3000 RTP/AVP 0\n");
    assertThat(mline(sdp(ok(Ng.answer("c1", "ft", "tt", answer))))).endsWith("RTP/AVPF 0");
  }

  @Test
  void dtlsSrtpIsRefusedWithAWarning() throws Exception {
    // No DTLS in the relay: UDP/TLS/RTP/SAVP stays RTP/AVP (SDES-SRTP is SrtpEndToEndTest's).
    var r =
        ok(
            Ng.offer("c1", "ft", FIVE_CODECS)
                .direction("public", "private")
                .put("transport-protocol", "UDP/TLS/RTP/SAVP"));
    assertThat(mline(sdp(r))).contains(" RTP/AVP ");
    assertThat(r.warning()).contains("transport-protocol UDP/TLS/RTP/SAVP");
  }

  @Test
  void sdesOfferPassingThroughKeepsItsCryptoLineAndAppendsTheOtherSuites() throws Exception {
    // rtpengine 10.5 (differential scenario sdes-savp-passthrough): the offerer's line first, its
    // lifetime dropped and its MKI kept, then the relay's other eleven suites tagged after it
    String key = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
    String offer =
        crlf(
            "v=0\no=alice 1234 5678 IN IP4 127.0.1.100\ns=-\nc=IN IP4 127.0.1.100\nt=0 0\n"
                + "m=audio 2000 RTP/SAVP 0\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                + key
                + "|2^20|1:32"
                + "\na=ptime:20\n");
    String out = normalise(sdp(ok(Ng.offer("c1", "ft", offer).direction("public", "private"))));
    java.util.List<String> crypto = out.lines().filter(l -> l.startsWith("a=crypto:")).toList();

    assertThat(crypto).hasSize(12);
    assertThat(crypto.getFirst())
        .isEqualTo("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + key + "|1:32");
    for (int i = 1; i < crypto.size(); i++) {
      assertThat(crypto.get(i)).startsWith("a=crypto:" + (i + 1) + " ");
    }
    assertThat(crypto.stream().map(l -> l.split(" ")[1]).distinct()).hasSize(12);
    assertThat(out).contains("m=audio PORT RTP/SAVP 0\n").endsWith("a=ptime:20\n");
  }
}
