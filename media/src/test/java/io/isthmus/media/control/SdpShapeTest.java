package io.isthmus.media.control;

import static io.isthmus.media.control.Ng.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Offer and answer SDP as rtpengine 10.5.3.5 writes it for the same input (each expectation was
 * taken from a running rtpengine with the same two interfaces; ports normalised).
 */
class SdpShapeTest extends ControlTestSupport {

  static final String ALICE =
      crlf(
          """
          v=0
          o=alice 1234 5678 IN IP4 127.0.1.100
          s=-
          c=IN IP4 127.0.1.100
          t=0 0
          m=audio 2000 RTP/AVP 0
          """);

  static final String BOB =
      crlf(
          """
          v=0
          o=bob 99 1 IN IP4 127.0.2.100
          s=-
          c=IN IP4 127.0.2.100
          t=0 0
          m=audio 3000 RTP/AVP 0
          """);

  @Test
  void offerAdvertisesTheInterfaceFacingTheAnswererAndReplacesOrigin() throws Exception {
    var r =
        ok(
            Ng.offer("c1", "ft", ALICE)
                .direction("public", "private")
                .flags("trust-address")
                .list("replace", "origin")
                .list("received-from", "IP4", "127.0.1.100"));
    assertThat(normalise(sdp(r)))
        .isEqualTo(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.2.1
            s=-
            c=IN IP4 127.0.2.1
            t=0 0
            m=audio PORT RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            a=sendrecv
            a=rtcp:PORT+1
            """);
  }

  @Test
  void answerAdvertisesTheInterfaceFacingTheOffererAndKeepsOriginWithoutReplace() throws Exception {
    ok(Ng.offer("c1", "ft", ALICE).direction("public", "private"));
    var r = ok(Ng.answer("c1", "ft", "tt", BOB));
    assertThat(normalise(sdp(r)))
        .isEqualTo(
            """
            v=0
            o=bob 99 1 IN IP4 127.0.2.100
            s=-
            c=IN IP4 127.0.1.1
            t=0 0
            m=audio PORT RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            a=sendrecv
            a=rtcp:PORT+1
            """);
  }

  @Test
  void directionTheOtherWayAdvertisesPublicToTheAnswerer() throws Exception {
    var r = ok(Ng.offer("c1", "ft", BOB).direction("private", "public"));
    assertThat(sdp(r)).contains("c=IN IP4 127.0.1.1\n").doesNotContain("c=IN IP4 127.0.2.1");
    var a = ok(Ng.answer("c1", "ft", "tt", ALICE));
    assertThat(sdp(a)).contains("c=IN IP4 127.0.2.1\n");
  }

  @Test
  void noDirectionUsesTheFirstInterfaceForAudioAndVideo() throws Exception {
    String offer =
        crlf(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            c=IN IP4 127.0.1.100
            t=0 0
            m=audio 2000 RTP/AVP 0 8 101
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            a=ptime:20
            m=video 2002 RTP/AVP 96
            a=rtpmap:96 H264/90000
            a=fmtp:96 profile-level-id=42e01f
            a=x-unknown:foo
            """);
    assertThat(normalise(sdp(ok(Ng.offer("c1", "ft", offer)))))
        .isEqualTo(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            c=IN IP4 127.0.1.1
            t=0 0
            m=audio PORT RTP/AVP 0 8 101
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            a=sendrecv
            a=rtcp:PORT+1
            a=ptime:20
            m=video PORT RTP/AVP 96
            a=x-unknown:foo
            a=rtpmap:96 H264/90000
            a=fmtp:96 profile-level-id=42e01f
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
            m=audio 3000 RTP/AVP 0 101
            a=rtpmap:101 telephone-event/8000
            m=video 3002 RTP/AVP 96
            a=rtpmap:96 H264/90000
            """);
    // The answer repeats the offer's a=ptime, as rtpengine does.
    assertThat(normalise(sdp(ok(Ng.answer("c1", "ft", "tt", answer)))))
        .isEqualTo(
            """
            v=0
            o=bob 99 1 IN IP4 127.0.2.100
            s=-
            c=IN IP4 127.0.1.1
            t=0 0
            m=audio PORT RTP/AVP 0 101
            a=rtpmap:0 PCMU/8000
            a=rtpmap:101 telephone-event/8000
            a=sendrecv
            a=rtcp:PORT+1
            a=ptime:20
            m=video PORT RTP/AVP 96
            a=rtpmap:96 H264/90000
            a=sendrecv
            a=rtcp:PORT+1
            """);
  }

  @Test
  void mediaLevelConnectionStaysAtMediaLevel() throws Exception {
    String offer =
        crlf(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            t=0 0
            m=audio 2000 RTP/AVP 8
            c=IN IP4 127.0.1.100
            a=sendrecv
            """);
    assertThat(normalise(sdp(ok(Ng.offer("c1", "ft", offer).direction("private", "public")))))
        .isEqualTo(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            t=0 0
            m=audio PORT RTP/AVP 8
            c=IN IP4 127.0.1.1
            a=rtpmap:8 PCMA/8000
            a=sendrecv
            a=rtcp:PORT+1
            """);
  }

  @Test
  void sessionConnectionIsLeftAloneWhenEveryMediaHasItsOwn() throws Exception {
    String offer =
        crlf(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            c=IN IP4 127.0.1.100
            t=0 0
            a=group:BUNDLE 0
            a=x-sess
            m=audio 2000 RTP/AVP 0
            c=IN IP4 127.0.1.100
            b=AS:64
            m=video 2002 RTP/AVP 31
            c=IN IP4 127.0.1.101
            """);
    assertThat(normalise(sdp(ok(Ng.offer("c1", "ft", offer).direction("public", "private")))))
        .isEqualTo(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            c=IN IP4 127.0.1.100
            t=0 0
            a=x-sess
            m=audio PORT RTP/AVP 0
            c=IN IP4 127.0.2.1
            b=AS:64
            a=rtpmap:0 PCMU/8000
            a=sendrecv
            a=rtcp:PORT+1
            m=video PORT RTP/AVP 31
            c=IN IP4 127.0.2.1
            a=rtpmap:31 H261/90000
            a=sendrecv
            a=rtcp:PORT+1
            """);
  }

  @Test
  void rejectedStreamStaysRejectedWithoutPortsOrAttributes() throws Exception {
    String offer =
        crlf(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            c=IN IP4 127.0.1.100
            t=0 0
            m=audio 2000 RTP/AVP 0
            m=video 0 RTP/AVP 96
            c=IN IP4 127.0.1.100
            a=rtpmap:96 H264/90000
            a=sendrecv
            """);
    assertThat(normalise(sdp(ok(Ng.offer("c1", "ft", offer).direction("public", "private")))))
        .isEqualTo(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            c=IN IP4 127.0.2.1
            t=0 0
            m=audio PORT RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            a=sendrecv
            a=rtcp:PORT+1
            m=video 0 RTP/AVP 96
            c=IN IP4 127.0.2.1
            """);
    String answer = BOB + crlf("m=video 0 RTP/AVP 96\n");
    assertThat(sdp(ok(Ng.answer("c1", "ft", "tt", answer)))).endsWith("m=video 0 RTP/AVP 96\n");
    // one pair per side for audio only
    assertThat(handler.relay().portPool(PUBLIC).usedPairs()).isEqualTo(1);
    assertThat(handler.relay().portPool(PRIVATE).usedPairs()).isEqualTo(1);
  }

  @Test
  void unmanagedAttributesKeepTheirOrderAndManagedOnesFollowInRtpenginesOrder() throws Exception {
    String offer =
        crlf(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            c=IN IP4 127.0.1.100
            t=0 0
            m=audio 2000 RTP/AVP 0 8
            a=mid:1
            a=rtcp:2001
            a=x-foo
            a=rtcp-mux
            a=maxptime:40
            a=ptime:20
            a=sendrecv
            a=x-bar:1
            """);
    assertThat(normalise(sdp(ok(Ng.offer("c1", "ft", offer).direction("public", "private")))))
        .isEqualTo(
            """
            v=0
            o=alice 1234 5678 IN IP4 127.0.1.100
            s=-
            c=IN IP4 127.0.2.1
            t=0 0
            m=audio PORT RTP/AVP 0 8
            a=x-foo
            a=maxptime:40
            a=x-bar:1
            a=mid:1
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=sendrecv
            a=rtcp:PORT+1
            a=rtcp-mux
            a=ptime:20
            """);
    // The answer accepts mux and gets the offer's a=mid and a=ptime back.
    String answer = BOB + crlf("a=rtcp-mux\n");
    assertThat(normalise(sdp(ok(Ng.answer("c1", "ft", "tt", answer)))))
        .isEqualTo(
            """
            v=0
            o=bob 99 1 IN IP4 127.0.2.100
            s=-
            c=IN IP4 127.0.1.1
            t=0 0
            m=audio PORT RTP/AVP 0
            a=mid:1
            a=rtpmap:0 PCMU/8000
            a=sendrecv
            a=rtcp:PORT
            a=rtcp-mux
            a=ptime:20
            """);
  }

  @Test
  void lineFeedOnlyInputIsAnsweredWithCrlfAsRtpengineDoes() throws Exception {
    var r = ok(Ng.offer("c1", "ft", ALICE.replace("\r\n", "\n")));
    String raw = ((io.isthmus.ng.bencode.BString) r.body().get("sdp")).asString();
    assertThat(raw).contains("a=rtpmap:0 PCMU/8000\r\n").doesNotContain("0\n");
  }
}
