package io.isthmus.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ViewsTest {

  @Test
  void readsTheRfc4566Example() throws Exception {
    SessionDescription sdp = Sdps.parse(Sdps.crlf(Sdps.RFC4566));
    assertThat(sdp.origin())
        .isEqualTo(new Origin("jdoe", "2890844526", "2890842807", "IN", "IP4", "10.47.16.5"));
    assertThat(sdp.origin().sessionVersionAsLong()).isEqualTo(2890842807L);
    assertThat(sdp.connection()).contains(new Connection("IN", "IP4", "224.2.17.12", 127, -1));
    assertThat(sdp.direction()).contains(Direction.RECVONLY);
    assertThat(sdp.media())
        .extracting(MediaDescription::media)
        .containsExactly(
            new Media("audio", 49170, -1, "RTP/AVP", List.of("0")),
            new Media("video", 51372, -1, "RTP/AVP", List.of("99")));
    assertThat(sdp.media(1).rtpmap(99)).contains(new Rtpmap(99, "h263-1998", 90000, -1));
    // Session-level recvonly applies to both sections (RFC 8866 §6.7).
    assertThat(sdp.effectiveDirection(sdp.media(0))).isEqualTo(Direction.RECVONLY);
  }

  @Test
  void mediaLevelConnectionOverridesTheSessionLevel() throws Exception {
    SessionDescription sdp = Sdps.parse(Sdps.crlf(Sdps.RFC8866));
    assertThat(sdp.effectiveConnection(sdp.media(0)))
        .contains(new Connection("IN", "IP4", "198.51.100.1", -1, -1));
    assertThat(sdp.media(2).connection())
        .contains(new Connection("IN", "IP6", "2001:db8::2", -1, -1));
    assertThat(sdp.effectiveConnection(sdp.media(2)).orElseThrow().isIp6()).isTrue();
    assertThat(sdp.effectiveDirection(sdp.media(0))).isEqualTo(Direction.SENDRECV);
  }

  @Test
  void portZeroMarksARejectedStream() throws Exception {
    SessionDescription sdp = Sdps.parse(Sdps.crlf(Sdps.ANSWER_VIDEO_REJECTED));
    assertThat(sdp.media(0).media().isRejected()).isFalse();
    assertThat(sdp.media(1).media().isRejected()).isTrue();
    assertThat(sdp.media(1).media().port()).isZero();
  }

  @Test
  void recognisesBothStylesOfHold() throws Exception {
    SessionDescription sdp = Sdps.parse(Sdps.crlf(Sdps.HOLD));
    assertThat(sdp.connection().orElseThrow().isHoldAddress()).isTrue();
    assertThat(sdp.media(0).direction()).contains(Direction.SENDONLY);
    assertThat(sdp.effectiveDirection(sdp.media(0)).reverse()).isEqualTo(Direction.RECVONLY);
    assertThat(Connection.of("IP4", "192.0.2.1").isHoldAddress()).isFalse();
  }

  @Test
  void readsCodecAttributes() throws Exception {
    MediaDescription audio = Sdps.parse(Sdps.crlf(Sdps.TELEPHONE_EVENT)).media(0);
    assertThat(audio.media().formats()).containsExactly("96", "0", "8", "101");
    assertThat(audio.rtpmaps())
        .containsExactly(
            new Rtpmap(96, "opus", 48000, 2),
            new Rtpmap(0, "PCMU", 8000, -1),
            new Rtpmap(8, "PCMA", 8000, -1),
            new Rtpmap(101, "telephone-event", 8000, -1));
    assertThat(audio.rtpmap(96).orElseThrow().channelCount()).isEqualTo(2);
    assertThat(audio.rtpmap(0).orElseThrow().channelCount()).isEqualTo(1);
    assertThat(audio.fmtp("101")).contains(new Fmtp("101", "0-15"));
    assertThat(audio.fmtp("96").orElseThrow().parameters()).isEqualTo("minptime=10;useinbandfec=1");
    assertThat(audio.fmtp("96").orElseThrow().payloadType()).isEqualTo(96);
    assertThat(audio.ptime()).isEqualTo(OptionalInt.of(20));
    assertThat(audio.maxptime()).isEqualTo(OptionalInt.of(150));
    assertThat(audio.direction()).contains(Direction.SENDRECV);
    assertThat(audio.rtcp()).isEmpty();
    assertThat(audio.rtcpMux()).isFalse();
  }

  @Test
  void readsSdesCryptoLines() throws Exception {
    List<Crypto> cryptos = Sdps.parse(Sdps.crlf(Sdps.SRTP_SDES)).media(0).cryptos();
    assertThat(cryptos).hasSize(2);
    Crypto first = cryptos.getFirst();
    assertThat(first.tag()).isEqualTo(1);
    assertThat(first.suite()).isEqualTo("AES_CM_128_HMAC_SHA1_80");
    assertThat(first.keyParams())
        .containsExactly(
            new Crypto.KeyParam(
                "inline", "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", "2^20", "1", 4));
    assertThat(first.sessionParams()).containsExactly("FEC_ORDER=FEC_SRTP");
    assertThat(first.value())
        .isEqualTo(
            "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4"
                + " FEC_ORDER=FEC_SRTP");
    assertThat(cryptos.get(1).keyParams().getFirst().mkiLength()).isEqualTo(32);
  }

  @Test
  void readsIceBundleAndDtlsAttributes() throws Exception {
    SessionDescription sdp = Sdps.parse(Sdps.crlf(Sdps.WEBRTC_ICE));
    assertThat(sdp.origin().sessionId()).isEqualTo("4611731400430051336");
    assertThat(sdp.connection()).isEmpty();
    assertThat(sdp.groups()).containsExactly(new Group("BUNDLE", List.of("0", "1")));
    assertThat(sdp.iceLite()).isTrue();
    MediaDescription audio = sdp.media(0);
    assertThat(audio.mid()).contains("0");
    assertThat(audio.rtcpMux()).isTrue();
    assertThat(audio.rtcp()).contains(new Rtcp(9, "IN", "IP4", "0.0.0.0"));
    assertThat(audio.iceUfrag()).contains("8hhY");
    assertThat(audio.icePwd()).contains("asd88fgpdd777uzjYhagZg");
    assertThat(audio.iceOptions()).containsExactly("trickle", "renomination");
    assertThat(audio.hasIce()).isTrue();
    assertThat(audio.setup()).contains("actpass");
    assertThat(audio.fingerprint().orElseThrow().hashFunction()).isEqualTo("sha-256");
    assertThat(audio.rtcpFbs()).containsExactly(new RtcpFb("111", "transport-cc"));
    List<Candidate> candidates = audio.candidates();
    assertThat(candidates).hasSize(3);
    assertThat(candidates.getFirst())
        .isEqualTo(
            new Candidate(
                "1",
                1,
                "udp",
                2113937151L,
                "192.0.2.20",
                50000,
                "host",
                null,
                -1,
                List.of(
                    new Candidate.Extension("generation", "0"),
                    new Candidate.Extension("network-id", "1"))));
    Candidate srflx = candidates.get(1);
    assertThat(srflx.type()).isEqualTo("srflx");
    assertThat(srflx.relAddress()).isEqualTo("192.0.2.20");
    assertThat(srflx.relPort()).isEqualTo(50000);
    assertThat(srflx.extensions()).isEmpty();
    assertThat(candidates.get(2).address()).isEqualTo("2001:db8::20");
    assertThat(sdp.media(1).rtcpFbs())
        .containsExactly(
            new RtcpFb("*", "nack"), new RtcpFb("96", "goog-remb"), new RtcpFb("96", "nack pli"));
  }

  @Test
  void readsAnRtcpAttributeWithAnIp6Address() throws Exception {
    SessionDescription sdp = Sdps.parse(Sdps.crlf(Sdps.IPV6_RTCP));
    assertThat(sdp.origin().addrType()).isEqualTo("IP6");
    assertThat(sdp.media(0).rtcp()).contains(new Rtcp(40011, "IN", "IP6", "2001:db8::2"));
    assertThat(sdp.media(0).rtcp().orElseThrow().value()).isEqualTo("40011 IN IP6 2001:db8::2");
  }

  @Test
  void keepsUnknownLinesAsLines() throws Exception {
    SessionDescription sdp = Sdps.parse(Sdps.crlf(Sdps.UNKNOWN_LINES));
    assertThat(sdp.lines())
        .extracting(SdpLine::text)
        .contains("x=vendor-line something", "k=prompt");
    assertThat(sdp.attribute("x-nat").orElseThrow().attributeValue()).isEqualTo("0");
    assertThat(sdp.media(0).attributes())
        .extracting(SdpLine::attributeName)
        .containsExactly("rtpmap", "fmtp", "X-cap");
  }

  @Test
  void readsMulticastConnectionForms() throws Exception {
    String sdp =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 233.252.0.1/127/3\r\n"
            + "t=0 0\r\nm=audio 49170/2 RTP/AVP 0\r\nc=IN IP6 ff15::101/3\r\n";
    SessionDescription parsed = Sdps.parse(sdp);
    assertThat(parsed.connection()).contains(new Connection("IN", "IP4", "233.252.0.1", 127, 3));
    assertThat(parsed.media(0).connection())
        .contains(new Connection("IN", "IP6", "ff15::101", -1, 3));
    assertThat(parsed.media(0).media().numPorts()).isEqualTo(2);
    assertThat(parsed.connection().orElseThrow().value()).isEqualTo("IN IP4 233.252.0.1/127/3");
  }

  @Test
  void attributeNamesMatchIgnoringCase() throws Exception {
    String sdp =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\n"
            + "a=RTPMAP:0 PCMU/8000\r\na=SendOnly\r\na=rtcp-mux \r\n";
    MediaDescription m = Sdps.parse(sdp).media(0);
    assertThat(m.rtpmaps()).containsExactly(new Rtpmap(0, "PCMU", 8000, -1));
    assertThat(m.direction()).contains(Direction.SENDONLY);
    assertThat(m.rtcpMux()).isTrue();
  }

  @Test
  void sessionVersionBeyondALongIsKeptAsText() throws Exception {
    String sdp = "v=0\r\no=- 1 99999999999999999999 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";
    Origin o = Sdps.parse(sdp).origin();
    assertThat(o.sessionVersion()).isEqualTo("99999999999999999999");
    assertThat(o.sessionVersionAsLong()).isEqualTo(-1);
    assertThat(o.withNextVersion().sessionVersion()).isEqualTo("100000000000000000000");
  }
}
