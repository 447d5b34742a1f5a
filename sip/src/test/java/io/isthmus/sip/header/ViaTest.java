package io.isthmus.sip.header;

import static io.isthmus.sip.header.Text.assertRejected;
import static io.isthmus.sip.header.Text.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.sip.uri.Host;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViaTest {

  private static List<Via> vias(String value) throws Exception {
    return parse(Via::parseList, value);
  }

  @Test
  void parsesSentProtocolSentByAndParametersInOrder() throws Exception {
    Via v =
        vias("SIP/2.0/UDP pc33.atlanta.example.com:5066;branch=z9hG4bK776asdhds;rport;received=192.0.2.1;maddr=224.2.0.1;ttl=16;x=\"y z\"")
            .getFirst();
    assertThat(v.protocolName()).isEqualTo("SIP");
    assertThat(v.protocolVersion()).isEqualTo("2.0");
    assertThat(v.transport()).isEqualTo("UDP");
    assertThat(v.host()).isEqualTo("pc33.atlanta.example.com");
    assertThat(v.port()).isEqualTo(5066);
    assertThat(v.branch()).isEqualTo("z9hG4bK776asdhds");
    assertThat(v.isRfc3261Branch()).isTrue();
    assertThat(v.hasRport()).isTrue();
    assertThat(v.rport()).isEqualTo(-1);
    assertThat(v.received()).isEqualTo("192.0.2.1");
    assertThat(v.maddr()).isEqualTo("224.2.0.1");
    assertThat(v.ttl()).isEqualTo(16);
    assertThat(v.parameter("x")).isEqualTo("\"y z\"");
    assertThat(v.parameters().name(1)).isEqualTo("rport");
  }

  @Test
  void wsinvBlanksAndFoldsAroundSeparators() throws Exception {
    // RFC 4475 §3.1.1.1, first Via and the two-valued "v:" header.
    Via first = vias("SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw").getFirst();
    assertThat(first.transport()).isEqualTo("UDP");
    assertThat(first.host()).isEqualTo("192.0.2.2");
    assertThat(first.sentByHost().kind()).isEqualTo(Host.Kind.IPV4);
    assertThat(first.branch()).isEqualTo("390skdjuw");
    assertThat(first.isRfc3261Branch()).isFalse();
    assertThat(first.toString()).isEqualTo("SIP/2.0/UDP 192.0.2.2;branch=390skdjuw");
    List<Via> two =
        vias(
            " SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8  ,\r\n SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n z9hG4bK30239");
    assertThat(two).hasSize(2);
    assertThat(two.get(0).transport()).isEqualTo("TCP");
    assertThat(two.get(0).branch()).isEqualTo("z9hG4bK9ikj8");
    assertThat(two.get(1).host()).isEqualTo("192.168.255.111");
    assertThat(two.get(1).branch()).isEqualTo("z9hG4bK30239");
  }

  @Test
  void transportsAnyTokenIsAccepted() throws Exception {
    // RFC 4475 §3.1.1.10.
    for (String t : new String[] {"UDP", "SCTP", "TLS", "UNKNOWN", "TCP", "WSS"}) {
      Via v = vias("SIP/2.0/" + t + " t1.example.com;branch=z9hG4bKkdjuw").getFirst();
      assertThat(v.transport()).isEqualTo(t);
    }
  }

  @Test
  void intmethBranchWithOddTokenCharacters() throws Exception {
    Via v = vias("SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~").getFirst();
    assertThat(v.branch()).isEqualTo("z9hG4bK-.!%66*_+`'~");
  }

  @Test
  void badbranchBareMagicCookieParsesButIsFlagged() throws Exception {
    // RFC 4475 §3.2.1.
    Via v = vias("SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK").getFirst();
    assertThat(v.branch()).isEqualTo("z9hG4bK");
    assertThat(v.isRfc3261Branch()).isFalse();
  }

  @Test
  void badinv01ExtraneousSeparatorsAreRefused() {
    // RFC 4475 §3.1.2.1: "SIP/2.0/UDP 192.0.2.15;;,;,,".
    assertRejected(Via::parseList, "SIP/2.0/UDP 192.0.2.15;;,;,,", 23, "Via parameter name");
  }

  @Test
  void receivedIpv6WithAndWithoutBrackets() throws Exception {
    // RFC 5118 §4.5.
    Via with =
        vias("SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111")
            .getFirst();
    assertThat(with.host()).isEqualTo("[2001:db8::9:1]");
    assertThat(with.sentByHost().kind()).isEqualTo(Host.Kind.IPV6);
    assertThat(with.received()).isEqualTo("[2001:db8::9:255]");
    Via without =
        vias("SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3").getFirst();
    assertThat(without.received()).isEqualTo("2001:db8::9:255");
    assertThat(without.branch()).isEqualTo("z9hG4bKas3");
  }

  @Test
  void receivedMustBeAnAddress() {
    assertRejected(
        Via::parseList, "SIP/2.0/UDP h;received=host.example.com", 23, "received must be");
    assertRejected(Via::parseList, "SIP/2.0/UDP h;received=[192.0.2.1]", 23, "received must be");
    assertRejected(Via::parseList, "SIP/2.0/UDP h;received=[::1", 27, "expected ']'");
  }

  @Test
  void rportWithValueAndOutOfRange() throws Exception {
    assertThat(vias("SIP/2.0/UDP h;rport=5060").getFirst().rport()).isEqualTo(5060);
    assertRejected(Via::parseList, "SIP/2.0/UDP h;rport=65536", 20, "rport too large");
    assertRejected(Via::parseList, "SIP/2.0/UDP h;rport=0", 20, "rport must be");
  }

  @Test
  void structuralErrorsCarryTheOffset() {
    assertRejected(Via::parseList, "SIP/2.0/UDPhost", 15, "whitespace before sent-by");
    assertRejected(Via::parseList, "SIP/2.0 UDP host", 8, "'/'");
    assertRejected(Via::parseList, "SIP/2.0/UDP host:", 17, "port");
    assertRejected(Via::parseList, "SIP/2.0/UDP host;branch", 23, "expected '='");
    assertRejected(Via::parseList, "SIP/2.0/UDP host;ttl=256", 21, "ttl too large");
    assertRejected(Via::parseList, "SIP/2.0/UDP 2001:db8::1", 12, "must be enclosed");
    assertRejected(Via::parseList, "SIP/2.0/UDP host,", 17, "protocol name");
    assertRejected(Via::parseList, "", 0, "protocol name");
  }

  @Test
  void longreqManyViasInOneValue() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 28; i++) {
      sb.append(i == 0 ? "" : ", ")
          .append("SIP/2.0/TCP sip")
          .append(i)
          .append(".example.com;branch=z9hG4bK")
          .append("x".repeat(100))
          .append(i);
    }
    List<Via> list = vias(sb.toString());
    assertThat(list).hasSize(28);
    assertThat(list.get(27).host()).isEqualTo("sip27.example.com");
  }

  @Test
  void factoryMakesTheProxysViaAndAddsReceivedAndRport() throws Exception {
    Via own = Via.of("UDP", "127.0.1.1", 5060, "z9hG4bK-isthmus-1", true);
    assertThat(own.toString())
        .isEqualTo("SIP/2.0/UDP 127.0.1.1:5060;branch=z9hG4bK-isthmus-1;rport");
    Via reparsed = vias(own.toString()).getFirst();
    assertThat(reparsed.toString()).isEqualTo(own.toString());
    Via seen = own.withReceived("[2001:db8::9]").withRport(40000);
    assertThat(seen.toString())
        .isEqualTo(
            "SIP/2.0/UDP 127.0.1.1:5060;branch=z9hG4bK-isthmus-1;rport=40000;received=2001:db8::9");
    assertThat(Via.of("TLS", "[2001:db8::1]", -1, "z9hG4bKx", false).toString())
        .isEqualTo("SIP/2.0/TLS [2001:db8::1];branch=z9hG4bKx");
    assertThatThrownBy(() -> Via.of("UDP", "h", 5060, "a b", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> own.withReceived("example.com"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
