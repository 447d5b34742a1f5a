package io.isthmus.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.isthmus.proxy.network.Transport;
import io.isthmus.sip.header.Via;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.message.SipResponses;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UdpTransportTest {
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final TransportFixture f = new TransportFixture();
  private final java.util.List<UdpPeer> peers = new java.util.ArrayList<>();

  private UdpPeer peer(String address) throws Exception {
    UdpPeer p = new UdpPeer(address);
    peers.add(p);
    return p;
  }

  @AfterEach
  void close() throws Exception {
    for (UdpPeer p : peers) {
      p.close();
    }
    f.close();
  }

  private InetSocketAddress publicUdp() {
    return f.address(f.pub, Transport.UDP);
  }

  @Test
  void handsARequestUpWithItsNetworkRemoteAndStampedVia() throws Exception {
    UdpPeer caller = peer("127.0.1.11");
    caller.send(
        Messages.options("udp-1@127.0.1.11", "SIP/2.0/UDP 127.0.1.11:5099;rport;branch=z9hG4bKu1"),
        publicUdp());

    Recorder.Received r = f.recorder.next(DEADLINE);
    SipRequest request = (SipRequest) r.message();
    assertThat(r.flow().network()).isSameAs(f.pub);
    assertThat(r.flow().local()).isSameAs(f.socket(f.pub, Transport.UDP));
    assertThat(r.flow().remote()).isEqualTo(caller.address());
    assertThat(r.flow().connection()).isNull();
    assertThat(r.onOwningLoop()).isTrue();
    Via top = request.topVia();
    assertThat(top.received()).isEqualTo("127.0.1.11");
    assertThat(top.rport()).isEqualTo(caller.address().getPort());
    assertThat(f.transport.counters().snapshot().requestsReceived()).isEqualTo(1);
  }

  @Test
  void handsAResponseUpOnTheOwningLoop() throws Exception {
    UdpPeer gateway = peer("127.0.2.11");
    gateway.send(
        Messages.ok("udp-2@127.0.1.11", "SIP/2.0/UDP 127.0.2.1:5060;branch=z9hG4bKproxy"),
        f.address(f.priv, Transport.UDP));

    Recorder.Received r = f.recorder.next(DEADLINE);
    assertThat(r.message()).isInstanceOf(SipResponse.class);
    assertThat(r.flow().network()).isSameAs(f.priv);
    assertThat(r.onOwningLoop()).isTrue();
  }

  @Test
  void answersARequestWithoutCallIdWith400EchoingTheVia() throws Exception {
    UdpPeer caller = peer("127.0.1.11");
    String via = "SIP/2.0/UDP 127.0.1.11:5099;branch=z9hG4bKbad1";
    String text = Messages.options("x", via).replace("Call-ID: x\r\n", "");
    caller.send(text, publicUdp());

    UdpPeer.Datagram d = caller.receive(DEADLINE);
    SipResponse response = (SipResponse) Messages.parse(d.bytes());
    assertThat(d.source()).isEqualTo(publicUdp());
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.reasonPhrase()).isEqualTo("Bad Request");
    assertThat(d.text()).contains("\r\nVia: " + via + "\r\n");
    assertThat(response.headerValue(HeaderName.WARNING).orElseThrow())
        .startsWith(
            "399 " + f.transport.agent(f.socket(f.pub, Transport.UDP)) + " \"missing Call-ID");
    assertThat(f.transport.counters().snapshot().malformedAnswered()).isEqualTo(1);
    assertThat(f.recorder.received).isEmpty();
  }

  @Test
  void answersAnUnparsableRequestWithA400BuiltFromItsRawLines() throws Exception {
    UdpPeer caller = peer("127.0.1.11");
    caller.send(
        "INVITE sip:bob@127.0.2.11 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.1.11:5099;branch=z9hG4bKbad2\r\n"
            + "this line has no colon\r\n"
            + "Call-ID: raw@127.0.1.11\r\n"
            + "CSeq: 1 INVITE\r\n\r\n",
        publicUdp());

    String text = caller.receive(DEADLINE).text();
    assertThat(text)
        .startsWith(
            "SIP/2.0 400 Bad Request\r\n"
                + "Via: SIP/2.0/UDP 127.0.1.11:5099;branch=z9hG4bKbad2\r\n"
                + "Call-ID: raw@127.0.1.11\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Warning: 399 ")
        .endsWith("\"\r\nContent-Length: 0\r\n\r\n");
  }

  /**
   * RFC 4475 mpart01: a valid MESSAGE whose multipart body holds a NUL and a bare CR, with an rport
   * Via the transport stamps; it must reach the core with its body intact.
   */
  @Test
  void handsUpTheMultipartMessageOfRfc4475WithItsBodyIntact() throws Exception {
    byte[] raw;
    try (var in = UdpTransportTest.class.getResourceAsStream("/rfc4475/mpart01.msg")) {
      raw = in.readAllBytes();
    }
    UdpPeer caller = peer("127.0.1.11");
    caller.send(raw, publicUdp());

    SipRequest request = (SipRequest) f.recorder.next(DEADLINE).message();
    assertThat(request.callId()).isEqualTo("3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..");
    assertThat(request.topVia().received()).isEqualTo("127.0.1.11");
    assertThat(request.bodyBytes())
        .isEqualTo(java.util.Arrays.copyOfRange(raw, raw.length - 553, raw.length));
  }

  @Test
  void answersARequestWhoseHandlingFailsInsideWith500AndCountsIt() throws Exception {
    f.recorder.failOn = "boom@127.0.1.11";
    UdpPeer caller = peer("127.0.1.11");
    caller.send(
        Messages.options("boom@127.0.1.11", "SIP/2.0/UDP 127.0.1.11:5099;branch=z9hG4bKboom"),
        publicUdp());

    SipResponse response = (SipResponse) Messages.parse(caller.receive(DEADLINE).bytes());
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.callId()).isEqualTo("boom@127.0.1.11");
    assertThat(f.transport.counters().snapshot().internalErrors()).isEqualTo(1);
  }

  @Test
  void dropsAMalformedResponseAndAMalformedAck() throws Exception {
    UdpPeer gateway = peer("127.0.1.12");
    gateway.send(
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.1.1;branch=z9hG4bK1\r\nno colon here\r\n\r\n",
        publicUdp());
    gateway.send(
        Messages.options("x", "SIP/2.0/UDP 127.0.1.12;branch=z9hG4bK2")
            .replace("OPTIONS sip", "ACK sip")
            .replace("Call-ID: x\r\n", ""),
        publicUdp());
    // a well-formed marker from the same source: same flow, same channel, handled in order
    gateway.send(
        Messages.options("marker@127.0.1.12", "SIP/2.0/UDP 127.0.1.12;branch=z9hG4bK3"),
        publicUdp());

    assertThat(((SipRequest) f.recorder.next(DEADLINE).message()).callId())
        .isEqualTo("marker@127.0.1.12");
    assertThat(gateway.receiveNow()).isNull();
    assertThat(f.transport.counters().snapshot().malformedDropped()).isEqualTo(2);
  }

  @Test
  void answersAnUnknownSourceWith403AndDropsItsAck() throws Exception {
    UdpPeer stranger = peer("127.0.3.5");
    stranger.send(
        Messages.options("s-1@127.0.3.5", "SIP/2.0/UDP 127.0.3.5;branch=z9hG4bKs1"), publicUdp());
    SipResponse r = (SipResponse) Messages.parse(stranger.receive(DEADLINE).bytes());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.headerValue(HeaderName.WARNING).orElseThrow())
        .endsWith("\"source address is in no configured network\"");
    assertThat(r.to().tag()).isNotNull();

    stranger.send(
        Messages.options("s-1@127.0.3.5", "SIP/2.0/UDP 127.0.3.5;branch=z9hG4bKs1")
            .replace("OPTIONS sip", "ACK sip")
            .replace("1 OPTIONS", "1 ACK"),
        publicUdp());
    stranger.send(
        Messages.options("s-2@127.0.3.5", "SIP/2.0/UDP 127.0.3.5;branch=z9hG4bKs2"), publicUdp());
    assertThat(((SipResponse) Messages.parse(stranger.receive(DEADLINE).bytes())).callId())
        .isEqualTo("s-2@127.0.3.5");
    var counters = f.transport.counters().snapshot();
    assertThat(counters.sourceRejected()).isEqualTo(2);
    assertThat(counters.sourceDropped()).isEqualTo(1);
    assertThat(f.recorder.received).isEmpty();
  }

  @Test
  void answersAPrivateSourceOnThePublicSocketWith403() throws Exception {
    UdpPeer privateGateway = peer("127.0.2.11");
    privateGateway.send(
        Messages.options("w-1@127.0.2.11", "SIP/2.0/UDP 127.0.2.11;branch=z9hG4bKw1"), publicUdp());
    SipResponse r = (SipResponse) Messages.parse(privateGateway.receive(DEADLINE).bytes());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.headerValue(HeaderName.WARNING).orElseThrow())
        .endsWith("\"source belongs to network 'private', not 'public'\"");
  }

  @Test
  void sendsFromTheEgressSocketOfTheTargetNetwork() throws Exception {
    UdpPeer gateway = peer("127.0.2.11");
    SipRequest request =
        (SipRequest)
            Messages.parse(
                Messages.options("out-1@127.0.2.1", "SIP/2.0/UDP 127.0.2.1;branch=z9hG4bKo1"));
    var egress = f.networks.egressSocket(f.networks.targetFor(f.pub), Transport.UDP).orElseThrow();

    f.transport.send(request, egress, new Destination(Transport.UDP, gateway.address()));

    UdpPeer.Datagram d = gateway.receive(DEADLINE);
    assertThat(d.source()).isEqualTo(f.address(f.priv, Transport.UDP));
    assertThat(d.source().getAddress().getHostAddress()).isEqualTo("127.0.2.1");
    assertThat(d.bytes()).isEqualTo(request.toBytes());
  }

  @Test
  void respondsAlongTheFlowToTheRportOfTheRequest() throws Exception {
    UdpPeer caller = peer("127.0.1.11");
    caller.send(
        Messages.options("resp-1@127.0.1.11", "SIP/2.0/UDP 127.0.1.11:5099;rport;branch=z9hG4bKr1"),
        publicUdp());
    Recorder.Received r = f.recorder.next(DEADLINE);

    SipResponse ok = SipResponses.forRequest((SipRequest) r.message(), 200, "OK", "t1");
    f.transport.respond(r.flow(), ok);

    UdpPeer.Datagram d = caller.receive(DEADLINE);
    assertThat(d.source()).isEqualTo(publicUdp());
    assertThat(((SipResponse) Messages.parse(d.bytes())).status()).isEqualTo(200);
  }

  @Test
  void bindsOneChannelPerLoopOnTheSamePortWithReusePort() throws Exception {
    assumeTrue(f.loops.epoll(), "SO_REUSEPORT fan-out needs native epoll");
    var socket = f.socket(f.pub, Transport.UDP);
    assertThat(f.transport.udpChannelCount(socket)).isEqualTo(f.loops.size());
    assertThat(f.transport.udpChannelAddresses(socket)).containsOnly(publicUdp());

    // several flows: the kernel spreads them, every one arrives
    for (int i = 0; i < 8; i++) {
      peer("127.0.1.1" + i)
          .send(
              Messages.options(
                  "fan-" + i + "@127.0.1.1", "SIP/2.0/UDP 127.0.1.1" + i + ";branch=z9hG4bKf" + i),
              publicUdp());
    }
    java.util.Set<String> callIds = new java.util.HashSet<>();
    for (int i = 0; i < 8; i++) {
      callIds.add(f.recorder.next(DEADLINE).message().callId());
    }
    assertThat(callIds).hasSize(8);
  }

  @Test
  void reportsReadinessUntilClosed() {
    assertThat(f.transport.ready()).isTrue();
    f.transport.close();
    assertThat(f.transport.ready()).isFalse();
  }
}
