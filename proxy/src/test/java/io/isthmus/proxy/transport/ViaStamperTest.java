package io.isthmus.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.header.Via;
import io.isthmus.sip.message.SipParser;
import io.isthmus.sip.message.SipRequest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ViaStamperTest {

  static SipRequest request(String via) throws Exception {
    byte[] b =
        ("OPTIONS sip:gw@127.0.2.11 SIP/2.0\r\n"
                + via
                + "\r\n"
                + "Via: SIP/2.0/UDP 127.0.1.99;branch=z9hG4bKlower\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:a@example.com>;tag=1\r\n"
                + "To: <sip:gw@example.com>\r\n"
                + "Call-ID: stamp@127.0.1.11\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    return (SipRequest) SipParser.parseDatagram(b, 0, b.length);
  }

  private static final InetAddress SOURCE = InetAddress.ofLiteral("127.0.1.11");

  @Test
  void leavesTheRequestAloneWhenSentByIsTheSourceAndNoRportIsAsked() throws Exception {
    SipRequest r = request("Via: SIP/2.0/UDP 127.0.1.11:5062;branch=z9hG4bK1");
    assertThat(ViaStamper.stamp(r, SOURCE, 40000)).isSameAs(r);
  }

  @Test
  void addsReceivedWhenSentByDiffersFromTheSource() throws Exception {
    SipRequest r = request("Via: SIP/2.0/UDP 192.0.2.4:5062;branch=z9hG4bK1");
    Via top = ViaStamper.stamp(r, SOURCE, 40000).topVia();
    assertThat(top.toString())
        .isEqualTo("SIP/2.0/UDP 192.0.2.4:5062;branch=z9hG4bK1;received=127.0.1.11");
  }

  @Test
  void addsReceivedWhenSentByIsAName() throws Exception {
    SipRequest r = request("Via: SIP/2.0/TCP pc33.example.com;branch=z9hG4bK1");
    assertThat(ViaStamper.stamp(r, SOURCE, 40000).topVia().received()).isEqualTo("127.0.1.11");
  }

  @Test
  void fillsAnEmptyRportAndAddsReceivedEvenWhenTheAddressMatches() throws Exception {
    // RFC 3581 §4: received is added even if identical to sent-by
    SipRequest r = request("Via: SIP/2.0/UDP 127.0.1.11:5062;rport;branch=z9hG4bK1");
    SipRequest s = ViaStamper.stamp(r, SOURCE, 40000);
    assertThat(s.topVia().toString())
        .isEqualTo("SIP/2.0/UDP 127.0.1.11:5062;rport=40000;branch=z9hG4bK1;received=127.0.1.11");
    assertThat(s.vias()).hasSize(2);
    assertThat(s.vias().get(1).branch()).isEqualTo("z9hG4bKlower");
  }

  @Test
  void keepsAnRportThatAlreadyHasAValue() throws Exception {
    SipRequest r = request("Via: SIP/2.0/UDP 127.0.1.11:5062;rport=5062;branch=z9hG4bK1");
    assertThat(ViaStamper.stamp(r, SOURCE, 40000)).isSameAs(r);
  }

  @Test
  void stampsOnlyTheFirstValueOfACompactCommaListedVia() throws Exception {
    SipRequest r =
        request(
            "v: SIP/2.0/UDP 192.0.2.4;rport;branch=z9hG4bK1, SIP/2.0/UDP 192.0.2.5;branch=z9hG4bK0");
    SipRequest s = ViaStamper.stamp(r, SOURCE, 40001);
    assertThat(s.vias())
        .extracting(Via::toString)
        .containsExactly(
            "SIP/2.0/UDP 192.0.2.4;rport=40001;branch=z9hG4bK1;received=127.0.1.11",
            "SIP/2.0/UDP 192.0.2.5;branch=z9hG4bK0",
            "SIP/2.0/UDP 127.0.1.99;branch=z9hG4bKlower");
    assertThat(s.callId()).isEqualTo("stamp@127.0.1.11");
  }

  @Test
  void writesAnIpv6ReceivedWithoutBrackets() throws Exception {
    SipRequest r = request("Via: SIP/2.0/UDP [2001:db8::9];branch=z9hG4bK1");
    SipRequest s = ViaStamper.stamp(r, InetAddress.ofLiteral("2001:db8::10"), 5060);
    assertThat(s.topVia().received()).isEqualTo("2001:db8::10");
  }

  @Test
  void treatsAnIpv6SentByEqualToTheSourceAsTheSame() throws Exception {
    SipRequest r = request("Via: SIP/2.0/UDP [2001:db8:0::10];branch=z9hG4bK1");
    assertThat(ViaStamper.stamp(r, InetAddress.ofLiteral("2001:db8::10"), 5060)).isSameAs(r);
  }
}
