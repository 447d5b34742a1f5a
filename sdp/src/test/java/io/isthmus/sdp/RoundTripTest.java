package io.isthmus.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {

  static Stream<Arguments> fixtures() {
    return Sdps.ALL.entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .flatMap(
            e ->
                Stream.of(
                    Arguments.of(e.getKey() + " CRLF", Sdps.crlf(e.getValue())),
                    Arguments.of(e.getKey() + " LF", e.getValue()),
                    Arguments.of(
                        e.getKey() + " CRLF, no final ending",
                        Sdps.crlf(e.getValue()).stripTrailing())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void unchangedDescriptionSerializesToTheInputBytes(String name, String sdp) throws Exception {
    byte[] in = Sdps.bytes(sdp);
    SessionDescription parsed = SessionDescription.parse(in);
    assertThat(parsed.toBytes()).isEqualTo(in);
    assertThat(parsed.encodedLength()).isEqualTo(in.length);
    assertThat(parsed.toString()).isEqualTo(sdp);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void buildingAnUntouchedEditorGivesTheInputBytes(String name, String sdp) throws Exception {
    byte[] in = Sdps.bytes(sdp);
    assertThat(SessionDescription.parse(in).edit().toBytes()).isEqualTo(in);
  }

  @Test
  void mixedLineEndingsAreKeptPerLine() throws Exception {
    String sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\ns=-\r\nt=0 0\nm=audio 1 RTP/AVP 0\r\na=x";
    SessionDescription parsed = Sdps.parse(sdp);
    assertThat(Sdps.text(parsed)).isEqualTo(sdp);
    assertThat(parsed.lines())
        .extracting(SdpLine::ending)
        .containsExactly(LineEnding.CRLF, LineEnding.LF, LineEnding.CRLF, LineEnding.LF);
    assertThat(parsed.media(0).lines())
        .extracting(SdpLine::ending)
        .containsExactly(LineEnding.CRLF, LineEnding.NONE);
  }

  @Test
  void trailingBlankLinesAreKeptVerbatim() throws Exception {
    String sdp = Sdps.crlf(Sdps.ANSWER_VIDEO_REJECTED) + "\r\n\n\r\n";
    assertThat(Sdps.text(Sdps.parse(sdp))).isEqualTo(sdp);
  }

  @Test
  void nonAsciiBytesSurviveTheRoundTrip() throws Exception {
    byte[] in =
        Sdps.crlf("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=Grüße ☎\nt=0 0\n")
            .getBytes(StandardCharsets.UTF_8);
    SessionDescription parsed = SessionDescription.parse(in);
    assertThat(parsed.toBytes()).isEqualTo(in);
  }

  @Test
  void parsesASliceOfALargerBuffer() throws Exception {
    String sdp = Sdps.crlf(Sdps.HOLD);
    byte[] framed = Sdps.bytes("INVITE...\r\n\r\n" + sdp + "garbage");
    SessionDescription parsed = SessionDescription.parse(framed, 13, sdp.length());
    byte[] out = new byte[sdp.length() + 4];
    assertThat(parsed.writeTo(out, 2)).isEqualTo(sdp.length() + 2);
    assertThat(new String(out, 2, sdp.length(), StandardCharsets.ISO_8859_1)).isEqualTo(sdp);
  }

  @Test
  void splitsIntoSessionLevelAndMediaSections() throws Exception {
    SessionDescription sdp = Sdps.parse(Sdps.crlf(Sdps.RFC8866));
    assertThat(sdp.lines())
        .extracting(SdpLine::type)
        .containsExactly('v', 'o', 's', 'i', 'u', 'e', 'p', 'c', 't');
    assertThat(sdp.media()).hasSize(3);
    assertThat(sdp.media(2).lines())
        .extracting(SdpLine::text)
        .containsExactly(
            "m=video 51372 RTP/AVP 99", "c=IN IP6 2001:db8::2", "a=rtpmap:99 h263-1998/90000");
    assertThat(sdp.media(2).lines()).extracting(SdpLine::number).containsExactly(12, 13, 14);
  }
}
