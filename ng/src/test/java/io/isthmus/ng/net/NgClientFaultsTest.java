package io.isthmus.ng.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the NG client makes of a node that is gone (ICMP) or back, on a connected socket. */
class NgClientFaultsTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static BDict ping() {
    return BDict.builder().put("command", "ping").build();
  }

  /** A port that was free a moment ago: nothing listens there, so it answers ICMP. */
  private static InetSocketAddress closedPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      return (InetSocketAddress) s.getLocalSocketAddress();
    }
  }

  @Test
  void aRequestToAClosedPortFailsUnreachableLongBeforeItsTimeout() throws Exception {
    // 10 s per attempt and 5 resends: only the ICMP error can end the request within the wait
    try (NgClient c =
        NgClient.start(NgClientConfig.of(closedPort()).withTimeout(Duration.ofSeconds(10), 5))) {
      CompletableFuture<NgResponse> f = c.send(ping()).toCompletableFuture();
      assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(NgClient.Unreachable.class);
    }
  }

  @Test
  void theSameClientReachesTheNodeOnceItListensAgain() throws Exception {
    InetSocketAddress node = closedPort();
    try (NgClient c =
        NgClient.start(NgClientConfig.of(node).withTimeout(Duration.ofSeconds(10), 5))) {
      CompletableFuture<NgResponse> first = c.send(ping()).toCompletableFuture();
      assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(NgClient.Unreachable.class);
      try (DatagramSocket relay = new DatagramSocket(node)) {
        relay.setSoTimeout(5000);
        CompletableFuture<NgResponse> second = c.send(ping(), 0).toCompletableFuture();
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        relay.receive(in);
        String text = new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
        String cookie = text.substring(0, text.indexOf(' '));
        byte[] pong = (cookie + " d6:result4:ponge").getBytes(StandardCharsets.US_ASCII);
        relay.send(new DatagramPacket(pong, pong.length, in.getSocketAddress()));
        assertThat(second.get(5, TimeUnit.SECONDS).result()).isEqualTo("pong");
      }
    }
  }
}
