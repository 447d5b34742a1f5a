package io.isthmus.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorTest {

  /** v=, o=, s=, t= then the given lines, each ended with CRLF. */
  private static String sdp(String... rest) {
    return "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"
        + String.join("", Stream.of(rest).map(l -> l + "\r\n").toList());
  }

  static Stream<Arguments> malformedDescriptions() {
    return Stream.of(
        Arguments.of("", "description: empty description"),
        Arguments.of("\r\n\r\n", "description: empty description"),
        Arguments.of("o=- 1 1 IN IP4 x\r\n", "line 1 (o=- 1 1 IN IP4 x): first line is not v="),
        Arguments.of("v=1\r\n", "line 1 (v=1): protocol version is not 0"),
        Arguments.of("V=0\r\n", "line 1 (V=0): line type is not a letter a-z"),
        Arguments.of(" v=0\r\n", "line 1 ( v=0): line type is not a letter a-z"),
        Arguments.of("v0\r\n", "line 1 (v0): expected '=' after the line type"),
        Arguments.of("v=0\r\n\r\ns=-\r\n", "line 2 (): empty line"),
        Arguments.of("v=0\r\ns=-\r\nt=0 0\r\n", "description: missing o= line"),
        Arguments.of(
            "v=0\r\no=- 1 IN IP4 192.0.2.1\r\n",
            "line 2 (o=- 1 IN IP4 192.0.2.1): expected <username> <sess-id> <sess-version>"
                + " <nettype> <addrtype> <unicast-address>"),
        Arguments.of(
            "v=0\r\no=- 1 x IN IP4 192.0.2.1\r\n",
            "line 2 (o=- 1 x IN IP4 192.0.2.1): session version is not a number"),
        Arguments.of(
            sdp("o=- 2 2 IN IP4 192.0.2.1"),
            "line 5 (o=- 2 2 IN IP4 192.0.2.1): duplicate o= line"),
        Arguments.of(
            sdp("m=audio 5 RTP/AVP 0", "o=- 2 2 IN IP4 192.0.2.1"),
            "line 6 (o=- 2 2 IN IP4 192.0.2.1): o= line in a media section"),
        Arguments.of(sdp("v=0"), "line 5 (v=0): v= line after the first line"),
        Arguments.of(
            sdp("c=IN IP4"),
            "line 5 (c=IN IP4): expected <nettype> <addrtype> <connection-address>"),
        Arguments.of(sdp("c=IN IP4 /1"), "line 5 (c=IN IP4 /1): malformed connection address"),
        Arguments.of(
            sdp("c=IN IP4 224.2.1.1/x"), "line 5 (c=IN IP4 224.2.1.1/x): TTL is not a number"),
        Arguments.of(
            sdp("c=IN IP4 224.2.1.1/127/"),
            "line 5 (c=IN IP4 224.2.1.1/127/): number of addresses is not a number"),
        Arguments.of(
            sdp("c=IN IP6 ff15::1/3/4"),
            "line 5 (c=IN IP6 ff15::1/3/4): an IP6 address has no TTL"),
        Arguments.of(
            sdp("c=IN IP4 192.0.2.1", "c=IN IP4 192.0.2.2"),
            "line 6 (c=IN IP4 192.0.2.2): duplicate c= line"),
        Arguments.of(
            sdp("m=audio 5 RTP/AVP 0", "c=IN IP4 192.0.2.1", "c=IN IP4 192.0.2.2"),
            "line 7 (c=IN IP4 192.0.2.2): duplicate c= line"),
        Arguments.of(
            sdp("m=audio x RTP/AVP 0"), "line 5 (m=audio x RTP/AVP 0): port is not a number"),
        Arguments.of(
            sdp("m=audio -1 RTP/AVP 0"), "line 5 (m=audio -1 RTP/AVP 0): port is not a number"),
        Arguments.of(
            sdp("m=audio 65536 RTP/AVP 0"), "line 5 (m=audio 65536 RTP/AVP 0): port out of range"),
        Arguments.of(
            sdp("m=audio 5/x RTP/AVP 0"),
            "line 5 (m=audio 5/x RTP/AVP 0): number of ports is not a number"),
        Arguments.of(
            sdp("m=audio 5"), "line 5 (m=audio 5): expected <media> <port> <proto> <fmt> ..."),
        Arguments.of(
            sdp("m=audio 1234567890123456789012345678901234567890 RTP/AVP 0"),
            "line 5 (m=audio 12345678901234567890123456789...): port out of range"),
        Arguments.of(sdp("s=a\rb"), "line 5 (s=a?b): CR not followed by LF"),
        Arguments.of(sdp("s=a\0b"), "line 5 (s=a?b): NUL byte in the line"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("malformedDescriptions")
  void rejectsMalformedDescriptionNamingTheLine(String sdp, String message) {
    assertThatThrownBy(() -> Sdps.parse(sdp))
        .isInstanceOf(SdpParseException.class)
        .hasMessage(message);
  }

  /** A typed view read from a parsed description. */
  interface View {
    Object read(SessionDescription sdp) throws SdpParseException;
  }

  private static Arguments media(String attribute, View view, String reason) {
    return Arguments.of(
        sdp("m=audio 5 RTP/AVP 0 96", attribute),
        view,
        "line 6 (" + SdpParseException.excerpt(attribute) + "): " + reason);
  }

  static Stream<Arguments> malformedAttributes() {
    View rtpmaps = s -> s.media(0).rtpmaps();
    View candidates = s -> s.media(0).candidates();
    View cryptos = s -> s.media(0).cryptos();
    View rtcp = s -> s.media(0).rtcp();
    return Stream.of(
        media("a=rtpmap:x PCMU/8000", rtpmaps, "payload type is not a number 0-127"),
        media("a=rtpmap:128 x/8000", rtpmaps, "payload type is not a number 0-127"),
        media(
            "a=rtpmap:0",
            rtpmaps,
            "expected <payload type> <encoding name>/<clock rate>[/<channels>]"),
        media("a=rtpmap:0 PCMU", rtpmaps, "expected <encoding name>/<clock rate>[/<channels>]"),
        media("a=rtpmap:0 PCMU/x", rtpmaps, "clock rate is not a number"),
        media("a=rtpmap:96 opus/48000/x", rtpmaps, "channels is not a number"),
        media("a=fmtp:", s -> s.media(0).fmtps(), "expected <format> <parameters>"),
        media("a=rtcp-fb:96", s -> s.media(0).rtcpFbs(), "expected <format> <feedback>"),
        media("a=rtcp:abc", rtcp, "RTCP port is not a number"),
        media("a=rtcp:70000", rtcp, "RTCP port out of range"),
        media("a=rtcp:5 IN IP4", rtcp, "expected <port> [<nettype> <addrtype> <address>]"),
        media("a=ptime:2x", s -> s.media(0).ptime(), "ptime is not a number of milliseconds"),
        media("a=maxptime", s -> s.media(0).maxptime(), "maxptime is not a number of milliseconds"),
        media(
            "a=candidate:1 1 udp 1 192.0.2.1 5",
            candidates,
            "expected <foundation> <component> <transport> <priority> <address> <port> typ <type>"),
        media(
            "a=candidate:1 x udp 1 192.0.2.1 5 typ host", candidates, "component is not a number"),
        media(
            "a=candidate:1 1 udp 4294967296 192.0.2.1 5 typ host",
            candidates,
            "priority is not a 32-bit number"),
        media("a=candidate:1 1 udp 1 192.0.2.1 x typ host", candidates, "port is not a number"),
        media(
            "a=candidate:1 1 udp 1 192.0.2.1 5 type host",
            candidates,
            "expected 'typ' after the port"),
        media(
            "a=candidate:1 1 udp 1 192.0.2.1 5 typ srflx raddr",
            candidates,
            "extension without a value"),
        media(
            "a=candidate:1 1 udp 1 192.0.2.1 5 typ srflx raddr 192.0.2.2 rport x",
            candidates,
            "rport is not a number"),
        media(
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80",
            cryptos,
            "expected <tag> <crypto-suite> <key-params> [<session-params>]"),
        media(
            "a=crypto:x AES_CM_128_HMAC_SHA1_80 inline:a",
            cryptos,
            "tag is not a number of at most 9 digits"),
        media("a=crypto:1 AES_CM_128_HMAC_SHA1_80 abc", cryptos, "key parameter without <method>:"),
        media(
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:|2^20",
            cryptos,
            "expected inline:<key||salt>[|<lifetime>][|<MKI>:<length>]"),
        media(
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:a|1:0",
            cryptos,
            "MKI length is not a number 1-128"),
        media(
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:a|1:4|2^20",
            cryptos,
            "malformed lifetime or MKI"),
        media(
            "a=fingerprint:sha-256",
            s -> s.media(0).fingerprint(),
            "expected <hash-func> <fingerprint>"),
        Arguments.of(
            sdp("a=group:"),
            (View) SessionDescription::groups,
            "line 5 (a=group:): expected <semantics> <mid> ..."));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("malformedAttributes")
  void typedViewOfAMalformedAttributeNamesTheLine(String sdp, View view, String message)
      throws Exception {
    SessionDescription parsed = Sdps.parse(sdp);
    assertThatThrownBy(() -> view.read(parsed))
        .isInstanceOf(SdpParseException.class)
        .hasMessage(message);
  }

  @Test
  void carriesTheLineNumberAndTheReason() {
    assertThatThrownBy(() -> Sdps.parse(sdp("m=audio x RTP/AVP 0")))
        .asInstanceOf(
            org.assertj.core.api.InstanceOfAssertFactories.throwable(SdpParseException.class))
        .satisfies(
            e -> {
              assertThat(e.lineNumber()).isEqualTo(5);
              assertThat(e.reason()).isEqualTo("port is not a number");
              assertThat(e.getStackTrace()).isEmpty();
            });
  }

  @Test
  void malformedLineAddedByAnEditIsNamedAsNew() throws Exception {
    SdpEditor e = Sdps.parse(sdp("m=audio 5 RTP/AVP 0")).edit();
    e.media(0).addAttribute("rtpmap", "junk");
    SessionDescription edited = e.build();
    assertThatThrownBy(() -> edited.media(0).rtpmaps())
        .isInstanceOf(SdpParseException.class)
        .hasMessage(
            "new line (a=rtpmap:junk): expected <payload type> <encoding name>/<clock"
                + " rate>[/<channels>]");
  }

  @Test
  void parseOfTextRejectsCharsBeyondEightBits() {
    assertThatThrownBy(() -> SessionDescription.parse("v=0\r\ns=\u260e\r\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
