package io.isthmus.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.TestNetworks;
import io.isthmus.proxy.network.Transport;
import io.isthmus.sip.message.SipMessage;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The same transport on NIO loops, as when the native epoll library does not load. */
class NioFallbackTest {
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final Networks networks = TestNetworks.reference();
  private final LoopGroup loops = LoopGroup.start(2, false);
  private final Recorder recorder = new Recorder();
  private final SipTransport transport;

  NioFallbackTest() {
    recorder.loops = loops;
    transport = SipTransport.start(networks, loops, TransportConfig.DEFAULT, recorder, recorder);
  }

  @AfterEach
  void close() {
    transport.close();
    loops.close();
  }

  @Test
  void bindsOneUdpChannelAndReceivesOnIt() throws Exception {
    var pub = networks.byName("public").orElseThrow();
    var socket = pub.socket(Transport.UDP).orElseThrow();
    assertThat(loops.epoll()).isFalse();
    assertThat(transport.udpChannelCount(socket)).isEqualTo(1);
    try (UdpPeer caller = new UdpPeer("127.0.1.11")) {
      caller.send(
          Messages.options("nio@127.0.1.11", "SIP/2.0/UDP 127.0.1.11;rport;branch=z9hG4bKn"),
          transport.localAddress(socket));
      Recorder.Received r = recorder.next(DEADLINE);
      assertThat(r.message().topVia().rport()).isEqualTo(caller.address().getPort());
      assertThat(r.onOwningLoop()).isTrue();
    }
  }

  @Test
  void perSendFailureCallbackRunsOnTheOwningLoop() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.2.12"), 0));
      closedPort = probe.getLocalPort();
    }
    var priv = networks.byName("private").orElseThrow();
    SipMessage m =
        Messages.parse(Messages.options("cb@127.0.2.1", "SIP/2.0/TCP 127.0.2.1;branch=z9hG4bKcb"));
    CompletableFuture<Boolean> onOwner = new CompletableFuture<>();
    CompletableFuture<Throwable> cause = new CompletableFuture<>();

    transport.send(
        m,
        priv.socket(Transport.TCP).orElseThrow(),
        new Destination(
            Transport.TCP, new InetSocketAddress(InetAddress.ofLiteral("127.0.2.12"), closedPort)),
        t -> {
          onOwner.complete(loops.loopFor("cb@127.0.2.1").inEventLoop());
          cause.complete(t);
        });

    assertThat(cause.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(ConnectException.class);
    assertThat(onOwner.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(recorder.failures).isEmpty();
  }
}
