package io.isthmus.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.proxy.network.Transport;
import io.isthmus.sip.message.SipParser;
import io.isthmus.sip.message.SipResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseRouterTest {

  static SipResponse response(String via) throws Exception {
    byte[] b =
        ("SIP/2.0 200 OK\r\n"
                + "Via: "
                + via
                + "\r\n"
                + "From: <sip:a@example.com>;tag=1\r\n"
                + "To: <sip:gw@example.com>;tag=2\r\n"
                + "Call-ID: route@127.0.1.11\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    return (SipResponse) SipParser.parseDatagram(b, 0, b.length);
  }

  @ParameterizedTest(name = "{0} -> {1} {2}:{3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SIP/2.0/UDP 127.0.1.11:5062;branch=z9hG4bK1| UDP| 127.0.1.11| 5062",
        "SIP/2.0/UDP 127.0.1.11;branch=z9hG4bK1| UDP| 127.0.1.11| 5060",
        "SIP/2.0/UDP 192.0.2.4:5062;branch=z9hG4bK1;received=127.0.1.11| UDP| 127.0.1.11| 5062",
        "SIP/2.0/UDP 127.0.1.11:5062;rport=40000;branch=z9hG4bK1;received=127.0.1.11| UDP|"
            + " 127.0.1.11| 40000",
        "SIP/2.0/UDP pc33.example.com;rport=40000;received=127.0.1.12;branch=z9hG4bK1| UDP|"
            + " 127.0.1.12| 40000",
        "SIP/2.0/udp 127.0.1.11:5062;maddr=127.0.1.50;received=127.0.1.12;branch=z9hG4bK1| UDP|"
            + " 127.0.1.50| 5062",
        "SIP/2.0/TCP 127.0.1.11:5062;maddr=127.0.1.50;received=127.0.1.12;branch=z9hG4bK1| TCP|"
            + " 127.0.1.12| 5062",
        "SIP/2.0/TCP 127.0.1.11;rport=41000;received=127.0.1.11;branch=z9hG4bK1| TCP| 127.0.1.11|"
            + " 41000",
        "SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bK1| UDP| 2001:db8::9| 5070",
        "SIP/2.0/UDP host.example.com;received=2001:db8::10;branch=z9hG4bK1| UDP| 2001:db8::10|"
            + " 5060",
        "SIP/2.0/UDP host.example.com;received=[2001:db8::10];branch=z9hG4bK1| UDP| 2001:db8::10|"
            + " 5060",
      })
  void routesByReceivedRportAndSentBy(String via, Transport transport, String host, int port)
      throws Exception {
    assertThat(ResponseRouter.destinationFor(response(via)))
        .isEqualTo(
            new Destination(transport, new InetSocketAddress(InetAddress.ofLiteral(host), port)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SIP/2.0/UDP gw.example.com:5062;branch=z9hG4bK1| sent-by 'gw.example.com' is a host name"
            + " and the Via has no received parameter; DNS resolution (RFC 3263 §5) is not"
            + " supported",
        "SIP/2.0/SCTP 127.0.1.11;branch=z9hG4bK1| unsupported transport 'SCTP' in Via SIP/2.0/SCTP"
            + " 127.0.1.11;branch=z9hG4bK1",
        // the Via grammar itself refuses these; the router reports the parser's reason
        "SIP/2.0/UDP 127.0.1.11;received=gw.example.com;branch=z9hG4bK1| top Via: received must"
            + " be an IPv4 or IPv6 address at offset 53",
        "SIP/2.0/UDP 127.0.1.11;rport=70000;branch=z9hG4bK1| top Via: rport too large at offset"
            + " 50",
      })
  void refusesWhatWouldNeedDnsOrIsNotAnAddress(String via, String message) {
    assertThatThrownBy(() -> ResponseRouter.destinationFor(response(via)))
        .isInstanceOf(UnroutableResponseException.class)
        .hasMessage(message);
  }
}
