package io.isthmus.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small value types: how they format, validate and derive. */
class ValuesTest {

  @Test
  void bumpsTheSessionVersionInDecimalWithCarry() {
    Origin o = new Origin("-", "1", "9", "IN", "IP4", "192.0.2.1");
    assertThat(o.withNextVersion().sessionVersion()).isEqualTo("10");
    assertThat(o.withSessionVersion("0199").withNextVersion().sessionVersion()).isEqualTo("0200");
    assertThat(o.withAddress("IP6", "::1").value()).isEqualTo("- 1 9 IN IP6 ::1");
    assertThatThrownBy(() -> o.withSessionVersion("1a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void splitsAttributeNameAndValue() {
    SdpLine flag = SdpLine.attribute("rtcp-mux", null);
    assertThat(flag.text()).isEqualTo("a=rtcp-mux");
    assertThat(flag.attributeName()).isEqualTo("rtcp-mux");
    assertThat(flag.attributeValue()).isNull();
    SdpLine valued = SdpLine.attribute("fmtp", "101 0-16");
    assertThat(valued.attributeName()).isEqualTo("fmtp");
    assertThat(valued.attributeValue()).isEqualTo("101 0-16");
    assertThat(valued.isAttribute("FMTP")).isTrue();
    assertThat(valued.isAttribute("fmt")).isFalse();
    SdpLine other = SdpLine.of('b', "AS:64");
    assertThat(other.isAttribute()).isFalse();
    assertThat(other.attributeName()).isNull();
    assertThat(other.number()).isZero();
  }

  @Test
  void refusesLinesThatWouldSplitOrCorruptTheDescription() {
    assertThatThrownBy(() -> SdpLine.of('A', "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SdpLine.of('a', "x\r\n")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SdpLine.of('a', "x\0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Connection.of("IP4", "192.0.2.1/127"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Connection.of("IP4", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rtcp.of(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsValuesAsTheGrammarWritesThem() {
    assertThat(new Media("audio", 49170, 2, "RTP/AVP", List.of("0", "8")).value())
        .isEqualTo("audio 49170/2 RTP/AVP 0 8");
    assertThat(new Media("application", 9, -1, "UDP/DTLS/SCTP", List.of()).value())
        .isEqualTo("application 9 UDP/DTLS/SCTP");
    assertThat(Connection.of("IP6", "2001:db8::1").value()).isEqualTo("IN IP6 2001:db8::1");
    assertThat(Rtcp.of(53020, "IP4", "126.16.64.4").value()).isEqualTo("53020 IN IP4 126.16.64.4");
    assertThat(new Rtpmap(111, "opus", 48000, 2).value()).isEqualTo("111 opus/48000/2");
    assertThat(new Fmtp("101", "").value()).isEqualTo("101");
    assertThat(
            new Crypto.KeyParam(
                    "inline", "YUJDZGVmZ2hpSktMbW9QUXJzVHVWd3l6MTIzNDU2", "2^20", "1", 4)
                .value())
        .isEqualTo("inline:YUJDZGVmZ2hpSktMbW9QUXJzVHVWd3l6MTIzNDU2|2^20|1:4");
  }

  @Test
  void answerDirectionReversesSendAndReceive() {
    assertThat(Direction.SENDONLY.reverse()).isEqualTo(Direction.RECVONLY);
    assertThat(Direction.RECVONLY.reverse()).isEqualTo(Direction.SENDONLY);
    assertThat(Direction.SENDRECV.reverse()).isEqualTo(Direction.SENDRECV);
    assertThat(Direction.INACTIVE.reverse()).isEqualTo(Direction.INACTIVE);
    assertThat(Direction.of(SdpLine.attribute("inactive", null))).isEqualTo(Direction.INACTIVE);
    assertThat(Direction.of(SdpLine.attribute("sendonly", "x"))).isNull();
  }

  @Test
  void parsesCryptoWithAnotherKeyMethodAsOpaqueInfo() throws Exception {
    Crypto c =
        Crypto.parse(SdpLine.attribute("crypto", "3 F8_128_HMAC_SHA1_80 uri:https://k/1|2 KDR=1"));
    assertThat(c.keyParams())
        .containsExactly(new Crypto.KeyParam("uri", "https://k/1|2", null, null, -1));
    assertThat(c.sessionParams()).containsExactly("KDR=1");
  }
}
