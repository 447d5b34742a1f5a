package io.isthmus.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditTest {

  private static SdpEditor edit(String lf) throws SdpParseException {
    return Sdps.parse(Sdps.crlf(lf)).edit();
  }

  private static void assertResult(SdpEditor editor, String expectedLf) throws Exception {
    String out = Sdps.text(editor.build());
    assertThat(out).isEqualTo(Sdps.crlf(expectedLf));
    // Whatever an edit produces parses again to the same bytes.
    assertThat(Sdps.text(Sdps.parse(out))).isEqualTo(out);
  }

  @Test
  void rewritesAddressesPortsAndVersionLikeARelay() throws Exception {
    SdpEditor e = edit(Sdps.OFFER_AUDIO_VIDEO);
    e.setOriginAddress("IP4", "127.0.2.1").bumpOriginVersion().setConnection("IP4", "127.0.2.1");
    e.media(0).setPort(30000).setRtcp(Rtcp.of(30001));
    e.media(1).setPort(30002);
    assertResult(
        e,
        """
        v=0
        o=alice 2890844526 2890844527 IN IP4 127.0.2.1
        s=
        c=IN IP4 127.0.2.1
        t=0 0
        m=audio 30000 RTP/AVP 0 8 97
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:97 iLBC/8000
        a=rtcp:30001
        m=video 30002 RTP/AVP 31 32
        a=rtpmap:31 H261/90000
        a=rtpmap:32 MPV/90000
        """);
  }

  @Test
  void addsAMediaLevelConnectionAfterTheMediaLineAndTitle() throws Exception {
    SdpEditor e = edit(Sdps.UNKNOWN_LINES);
    e.media(0).setConnection("IP6", "2001:db8::9");
    assertResult(
        e,
        """
        v=0
        o=user 1 1 IN IP4 192.0.2.1
        s=Sloppy
        c=IN IP4 192.0.2.1
        t=2873397496 2873404696
        r=604800 3600 0 90000
        z=2882844526 -1h 2898848070 0
        k=prompt
        x=vendor-line something
        a=X-nat:0
        m=audio 5004 RTP/AVP 18
        i=main audio
        c=IN IP6 2001:db8::9
        b=CT:128
        y=0123456789
        a=rtpmap:18 G729/8000
        a=fmtp:18 annexb=no
        a=X-cap: 1 audio RTP/AVP 100
        """);
  }

  @Test
  void addsASessionLevelConnectionBeforeTiming() throws Exception {
    SdpEditor e = edit(Sdps.WEBRTC_ICE);
    e.setConnection("IP4", "203.0.113.1");
    String out = Sdps.text(e.build());
    assertThat(out)
        .startsWith(
            Sdps.crlf(
                """
        v=0
        o=- 4611731400430051336 2 IN IP4 127.0.0.1
        s=-
        c=IN IP4 203.0.113.1
        t=0 0
        a=group:BUNDLE 0 1
        """));
  }

  @Test
  void stripsIceAndSetsRtcpMuxAndDirection() throws Exception {
    SdpEditor e = edit(Sdps.WEBRTC_ICE);
    e.removeIce().removeAttributes("group");
    e.media(0).removeIce().removeRtcp().setDirection(Direction.SENDONLY).setRtcpMux(true);
    e.media(1).removeIce().setRtcpMux(false).setDirection(Direction.INACTIVE);
    assertResult(
        e,
        """
        v=0
        o=- 4611731400430051336 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=msid-semantic: WMS stream
        m=audio 9 UDP/TLS/RTP/SAVPF 111 0
        c=IN IP4 0.0.0.0
        a=fingerprint:sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2
        a=setup:actpass
        a=mid:0
        a=sendonly
        a=rtcp-mux
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:0 PCMU/8000
        m=video 9 UDP/TLS/RTP/SAVPF 96 97
        c=IN IP4 0.0.0.0
        a=mid:1
        a=rtcp-fb:* nack
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=inactive
        """);
  }

  @Test
  void stripsCodecsWithTheirAttributesAndKeepsTheOrderOfTheRest() throws Exception {
    SdpEditor e = edit(Sdps.TELEPHONE_EVENT);
    e.media(0).removeFormats(List.of("96", "8", "123"));
    assertResult(
        e,
        """
        v=0
        o=- 1710000000 1 IN IP4 203.0.113.7
        s=call
        c=IN IP4 203.0.113.7
        b=AS:84
        t=0 0
        m=audio 30000 RTP/AVP 0 101
        b=TIAS:64000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=ptime:20
        a=maxptime:150
        a=sendrecv
        """);
  }

  @Test
  void stripsRtcpFeedbackOfARemovedCodecButNotTheWildcard() throws Exception {
    SdpEditor e = edit(Sdps.WEBRTC_ICE);
    e.media(1).removeFormats(List.of("96"));
    assertThat(e.build().media(1).lines())
        .extracting(SdpLine::text)
        .containsExactly(
            "m=video 9 UDP/TLS/RTP/SAVPF 97",
            "c=IN IP4 0.0.0.0",
            "a=mid:1",
            "a=rtcp-mux",
            "a=rtcp-fb:* nack",
            "a=rtpmap:97 rtx/90000",
            "a=fmtp:97 apt=96");
  }

  @Test
  void reordersFormatsWithoutMovingAttributeLines() throws Exception {
    SdpEditor e = edit(Sdps.OFFER_AUDIO_VIDEO);
    e.media(0).setFormats(List.of("97", "0"));
    assertThat(e.build().media(0).lines())
        .extracting(SdpLine::text)
        .containsExactly(
            "m=audio 49170 RTP/AVP 97 0", "a=rtpmap:0 PCMU/8000", "a=rtpmap:97 iLBC/8000");
    assertThatThrownBy(() -> e.media(0).setFormats(List.of("0", "9")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> e.media(0).setFormats(List.of("0", "0")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replacesCryptoLinesInPlace() throws Exception {
    SdpEditor e = edit(Sdps.SRTP_SDES + "a=sendrecv\n");
    e.media(0)
        .replaceCryptos(
            List.of(
                new Crypto(
                    1,
                    "AES_CM_128_HMAC_SHA1_80",
                    List.of(Crypto.KeyParam.inline("d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj")),
                    List.of())));
    assertResult(
        e,
        """
        v=0
        o=sam 2890844526 2890842807 IN IP4 192.0.2.5
        s=SRTP Discussion
        c=IN IP4 192.0.2.5
        t=0 0
        m=audio 49170 RTP/SAVP 0
        a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj
        a=sendrecv
        """);
  }

  @Test
  void removingCryptosAndSwitchingProtoTurnsSrtpIntoRtp() throws Exception {
    SdpEditor e = edit(Sdps.SRTP_SDES);
    e.media(0).replaceCryptos(List.of()).setProto("RTP/AVP");
    assertThat(e.build().media(0).lines())
        .extracting(SdpLine::text)
        .containsExactly("m=audio 49170 RTP/AVP 0");
  }

  @Test
  void settingWhatIsAlreadyThereKeepsTheInputBytes() throws Exception {
    String in = Sdps.HOLD.replace("a=sendonly", "a=sendonly ");
    SdpEditor e = Sdps.parse(in).edit();
    e.media(0).setRtcpMux(false).setDirection(Direction.SENDONLY);
    e.media(0).setPort(49170);
    // "a=sendonly " is not the exact text "a=sendonly": it is rewritten; nothing else is.
    assertThat(Sdps.text(e.build())).isEqualTo(Sdps.HOLD);
    SdpEditor same = Sdps.parse(Sdps.HOLD).edit();
    same.media(0).setDirection(Direction.SENDONLY).setPort(49170);
    assertThat(Sdps.text(same.build())).isEqualTo(Sdps.HOLD);
  }

  @Test
  void newLinesFollowTheDocumentLineEndingAndEditedLinesKeepTheirs() throws Exception {
    SdpEditor e = Sdps.parse(Sdps.ANSWER_VIDEO_REJECTED).edit();
    e.media(0).setPort(4000).addAttribute("ptime", "20");
    assertThat(Sdps.text(e.build()))
        .isEqualTo(
            """
            v=0
            o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com
            s=
            c=IN IP4 host.biloxi.example.com
            t=0 0
            m=audio 4000 RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            a=ptime:20
            m=video 0 RTP/AVP 31
            """);
  }

  @Test
  void aLineThatStopsBeingLastGetsAnEnding() throws Exception {
    String in = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 5 RTP/AVP 0";
    SdpEditor e = SessionDescription.parse(in).edit();
    e.media(0).setPort(6);
    assertThat(Sdps.text(e.build())).isEqualTo(in.replace(" 5 ", " 6 "));
    e.media(0).addAttribute("rtcp-mux");
    assertThat(Sdps.text(e.build())).isEqualTo(in.replace(" 5 ", " 6 ") + "\r\na=rtcp-mux\r\n");
  }

  @Test
  void addsSessionAttributesAfterTheLastOneAndBeforeMedia() throws Exception {
    SdpEditor e = edit(Sdps.RFC4566);
    e.addAttribute("tool", "isthmus").setDirection(Direction.SENDRECV);
    String out = Sdps.text(e.build());
    assertThat(out)
        .contains(Sdps.crlf("t=2873397496 2873404696\na=sendrecv\na=tool:isthmus\nm=audio"));
    e.removeDirection().removeAttributes("tool");
    assertThat(Sdps.text(e.build())).contains(Sdps.crlf("t=2873397496 2873404696\nm=audio"));
  }

  @Test
  void removesAMediaLevelConnection() throws Exception {
    SdpEditor e = edit(Sdps.RFC8866);
    e.media(2).removeConnection();
    SessionDescription out = e.build();
    assertThat(out.media(2).connection()).isEmpty();
    assertThat(out.effectiveConnection(out.media(2)).orElseThrow().address())
        .isEqualTo("198.51.100.1");
  }

  @Test
  void theParsedDescriptionIsNotChangedByItsEditor() throws Exception {
    SessionDescription sdp = Sdps.parse(Sdps.crlf(Sdps.OFFER_AUDIO_VIDEO));
    sdp.edit().setConnection("IP4", "127.0.0.1").media(0).setPort(1);
    assertThat(Sdps.text(sdp)).isEqualTo(Sdps.crlf(Sdps.OFFER_AUDIO_VIDEO));
  }

  @Test
  void rejectsValuesThatWouldBreakTheLine() throws Exception {
    SdpEditor e = edit(Sdps.HOLD);
    assertThatThrownBy(() -> e.setConnection("IP4", "1.2.3.4\r\na=evil"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> e.media(0).setPort(65536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> e.media(0).addAttribute("x", "a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> e.media(0).addAttribute("a:b", "c"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Sdps.text(e.build())).isEqualTo(Sdps.crlf(Sdps.HOLD));
  }
}
