package io.isthmus.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Transport;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.message.SipResponses;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpTransportTest {
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private TransportFixture f = new TransportFixture();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    f.close();
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    closeables.add(c);
    return c;
  }

  private TcpPeer callerOnPublic() throws Exception {
    return closeLater(TcpPeer.connect("127.0.1.11", f.address(f.pub, Transport.TCP)));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + DEADLINE + ": " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  @Test
  void receivesTwoPipelinedMessagesOnOneConnection() throws Exception {
    TcpPeer caller = callerOnPublic();
    caller.write(
        Messages.options("p-1@127.0.1.11", "SIP/2.0/TCP 127.0.1.11:5099;branch=z9hG4bKp1")
            + "\r\n"
            + Messages.options("p-2@127.0.1.11", "SIP/2.0/TCP 127.0.1.11:5099;branch=z9hG4bKp2"));

    Recorder.Received first = f.recorder.next(DEADLINE);
    Recorder.Received second = f.recorder.next(DEADLINE);
    List<String> callIds = List.of(first.message().callId(), second.message().callId());
    assertThat(callIds).containsExactlyInAnyOrder("p-1@127.0.1.11", "p-2@127.0.1.11");
    assertThat(first.flow().connection()).isNotNull().isSameAs(second.flow().connection());
    assertThat(first.flow().remote()).isEqualTo(caller.localAddress());
    assertThat(first.flow().network()).isSameAs(f.pub);
    assertThat(first.onOwningLoop()).isTrue();
    assertThat(second.onOwningLoop()).isTrue();
  }

  @Test
  void framesByContentLengthAcrossFragmentedWrites() throws Exception {
    TcpPeer caller = callerOnPublic();
    String body = "v=0\r\no=- 1 1 IN IP4 127.0.1.11\r\ns=-\r\nc=IN IP4 127.0.1.11\r\nt=0 0\r\n";
    String text =
        Messages.invite("frag@127.0.1.11", "SIP/2.0/TCP 127.0.1.11;branch=z9hG4bKf", body);
    int headEnd = text.indexOf("\r\n\r\n");
    caller.write(text.substring(0, 40));
    caller.write(text.substring(40, headEnd + 2));
    caller.write(text.substring(headEnd + 2, headEnd + 10));
    caller.write(text.substring(headEnd + 10));

    SipMessage m = f.recorder.next(DEADLINE).message();
    assertThat(m.callId()).isEqualTo("frag@127.0.1.11");
    assertThat(new String(m.bodyBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(body);
  }

  @Test
  void respondsOnTheConnectionTheRequestCameOn() throws Exception {
    TcpPeer caller = callerOnPublic();
    caller.write(
        Messages.options("r-1@127.0.1.11", "SIP/2.0/TCP 127.0.1.11:5099;branch=z9hG4bKr1"));
    Recorder.Received r = f.recorder.next(DEADLINE);

    f.transport.respond(
        r.flow(), SipResponses.forRequest((SipRequest) r.message(), 200, "OK", "t"));

    SipResponse response = (SipResponse) caller.read(DEADLINE);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.callId()).isEqualTo("r-1@127.0.1.11");
  }

  @Test
  void sendFindsTheInboundConnectionByReceivedAndRport() throws Exception {
    TcpPeer caller = callerOnPublic();
    caller.write(
        Messages.options("r-2@127.0.1.11", "SIP/2.0/TCP 127.0.1.11:5099;rport;branch=z9hG4bKr2"));
    Recorder.Received r = f.recorder.next(DEADLINE);
    SipResponse ok = SipResponses.forRequest((SipRequest) r.message(), 200, "OK", "t");
    Destination d = ResponseRouter.destinationFor(ok);
    assertThat(d.address()).isEqualTo(caller.localAddress());

    f.transport.send(ok, r.flow().local(), d);

    assertThat(((SipResponse) caller.read(DEADLINE)).status()).isEqualTo(200);
    assertThat(f.transport.connections()).hasSize(1);
  }

  @Test
  void reusesTheOutboundConnectionForTheSecondSend() throws Exception {
    ServerSocket gateway = closeLater(new ServerSocket());
    gateway.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.2.11"), 0));
    SocketSpec egress = f.networks.egressSocket(f.priv, Transport.TCP).orElseThrow();
    Destination d =
        new Destination(Transport.TCP, (InetSocketAddress) gateway.getLocalSocketAddress());
    SipMessage first =
        Messages.parse(Messages.options("o-1@127.0.2.1", "SIP/2.0/TCP 127.0.2.1;branch=z9hG4bKo1"));
    SipMessage second =
        Messages.parse(Messages.options("o-2@127.0.2.1", "SIP/2.0/TCP 127.0.2.1;branch=z9hG4bKo2"));

    f.transport.send(first, egress, d);
    f.transport.send(second, egress, d);

    gateway.setSoTimeout((int) DEADLINE.toMillis());
    TcpPeer accepted = closeLater(new TcpPeer(gateway.accept()));
    assertThat(accepted.remoteAddress().getAddress().getHostAddress()).isEqualTo("127.0.2.1");
    assertThat(accepted.read(DEADLINE).callId()).isEqualTo("o-1@127.0.2.1");
    assertThat(accepted.read(DEADLINE).callId()).isEqualTo("o-2@127.0.2.1");
    assertThat(f.transport.connections())
        .singleElement()
        .satisfies(c -> assertThat(c.inbound()).isFalse());

    // the gateway answers on that connection: the response comes up from the private network
    accepted.write(Messages.ok("o-1@127.0.2.1", "SIP/2.0/TCP 127.0.2.1;branch=z9hG4bKo1"));
    Recorder.Received r = f.recorder.next(DEADLINE);
    assertThat(r.message()).isInstanceOf(SipResponse.class);
    assertThat(r.flow().network()).isSameAs(f.priv);
    assertThat(r.flow().connection().inbound()).isFalse();
  }

  @Test
  void closesAnIdleConnection() throws Exception {
    f.close();
    f = new TransportFixture(TransportConfig.DEFAULT.withTcpIdleTimeout(Duration.ofMillis(300)));
    TcpPeer caller = callerOnPublic();
    caller.write(Messages.options("idle@127.0.1.11", "SIP/2.0/TCP 127.0.1.11;branch=z9hG4bKi"));
    f.recorder.next(DEADLINE);

    assertThat(caller.closedByPeerWithin(DEADLINE)).isTrue();
    await(() -> f.transport.connections().isEmpty(), "connection table emptied");
    // The close is counted on the loop after the table entry goes: wait for it, then pin it.
    await(() -> f.transport.counters().snapshot().tcpConnectionsClosed() >= 1, "close counted");
    assertThat(f.transport.counters().snapshot().tcpConnectionsClosed()).isEqualTo(1);
  }

  @Test
  void reportsAConnectFailureAsATransportError() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.2.12"), 0));
      closedPort = probe.getLocalPort();
    }
    SocketSpec egress = f.socket(f.priv, Transport.TCP);
    Destination d =
        new Destination(
            Transport.TCP, new InetSocketAddress(InetAddress.ofLiteral("127.0.2.12"), closedPort));
    SipMessage m =
        Messages.parse(Messages.options("cf@127.0.2.1", "SIP/2.0/TCP 127.0.2.1;branch=z9hG4bKc"));

    f.transport.send(m, egress, d);

    Recorder.Failure failure = f.recorder.nextFailure(DEADLINE);
    assertThat(failure.message()).isSameAs(m);
    assertThat(failure.local()).isSameAs(egress);
    assertThat(failure.destination()).isEqualTo(d);
    assertThat(failure.cause()).isInstanceOf(ConnectException.class);
    assertThat(failure.onOwningLoop()).isTrue();
    await(() -> f.transport.connections().isEmpty(), "failed connection removed");
  }

  @Test
  void answersAMessageWithoutContentLength400AndCloses() throws Exception {
    TcpPeer caller = callerOnPublic();
    caller.write(
        Messages.options("ncl@127.0.1.11", "SIP/2.0/TCP 127.0.1.11;branch=z9hG4bKn")
            .replace("Content-Length: 0\r\n", ""));

    SipResponse r = (SipResponse) caller.read(DEADLINE);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.topVia().branch()).isEqualTo("z9hG4bKn");
    assertThat(r.headerValue(HeaderName.WARNING).orElseThrow())
        .contains("Content-Length is mandatory on stream transports");
    assertThat(caller.closedByPeerWithin(DEADLINE)).isTrue();
    assertThat(f.recorder.received).isEmpty();
  }

  @Test
  void answersAStrangerOverTcpWith403() throws Exception {
    TcpPeer stranger = closeLater(TcpPeer.connect("127.0.3.9", f.address(f.pub, Transport.TCP)));
    stranger.write(Messages.options("st@127.0.3.9", "SIP/2.0/TCP 127.0.3.9;branch=z9hG4bKst"));
    assertThat(((SipResponse) stranger.read(DEADLINE)).status()).isEqualTo(403);
  }

  @Test
  void closeClosesConnectionsAndListeners() throws Exception {
    TcpPeer caller = callerOnPublic();
    caller.write(Messages.options("cl@127.0.1.11", "SIP/2.0/TCP 127.0.1.11;branch=z9hG4bKcl"));
    f.recorder.next(DEADLINE);
    InetSocketAddress listening = f.address(f.pub, Transport.TCP);

    f.transport.close();

    assertThat(caller.closedByPeerWithin(DEADLINE)).isTrue();
    assertThat(f.transport.connections()).isEmpty();
    try (var s = new java.net.Socket()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(listening, 1000))
          .isInstanceOf(ConnectException.class);
    }
  }
}
