package io.isthmus.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.testkit.FakeClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A relay on the reference addresses (public 127.0.1.1, private 127.0.2.1) with a fake clock, test
 * parties on 127.0.1.100 and 127.0.2.100, and the checks every socket test ends with: all ports
 * returned, no buffer leaked.
 */
abstract class RelayTestSupport {

  static final Duration WAIT = Duration.ofSeconds(5);
  static final LogicalInterface PUBLIC = LogicalInterface.parse("public/127.0.1.1");
  static final LogicalInterface PRIVATE = LogicalInterface.parse("private/127.0.2.1");
  static final String ALICE_IP = "127.0.1.100";
  static final String BOB_IP = "127.0.2.100";

  /** One deletion the listener saw. */
  record Deletion(String callId, DeletionReason reason, CallStats stats) {}

  final FakeClock clock = new FakeClock(5_000_000_000_000L);
  final ConcurrentLinkedQueue<Deletion> deletions = new ConcurrentLinkedQueue<>();
  private final List<AutoCloseable> resources = new ArrayList<>();
  MediaRelay relay;

  /** The relay settings of this test class; ports outside the production default range. */
  RelayConfig config() {
    return RelayConfig.defaults(List.of(PUBLIC, PRIVATE))
        .withPorts(43000, 43999)
        .withEventLoops(2, true);
  }

  @BeforeEach
  void startRelay() {
    LeakWatch.reset();
    relay =
        MediaRelay.start(
            config(),
            clock,
            clock,
            (callId, reason, stats) -> deletions.add(new Deletion(callId, reason, stats)));
  }

  @AfterEach
  void stopRelayAndCheck() throws Exception {
    relay.close();
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
    assertThat(relay.portPool(PUBLIC).usedPairs()).as("public ports returned").isZero();
    assertThat(relay.portPool(PRIVATE).usedPairs()).as("private ports returned").isZero();
    LeakWatch.assertNoLeaks();
  }

  UdpEndpoint endpoint(String ip) throws IOException {
    UdpEndpoint e = UdpEndpoint.bind(ip);
    resources.add(e);
    return e;
  }

  /** Runs {@code task} on the call's loop and waits for its result. */
  <T> T onCall(String callId, CallTask<T> task) throws Exception {
    return relay.onCall(callId, task).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  CallStats stats(String callId) throws Exception {
    return relay
        .query(callId)
        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .orElseThrow(() -> new AssertionError("no call " + callId));
  }

  /** Polls the call's stats until {@code condition} holds or the deadline passes. */
  CallStats awaitStats(String callId, Predicate<CallStats> condition) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    CallStats s = stats(callId);
    while (!condition.test(s)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not reached within " + WAIT + "; last stats " + s);
      }
      Thread.onSpinWait();
      s = stats(callId);
    }
    return s;
  }

  /** Waits until every event loop has run everything queued so far (e.g. timeout sweeps). */
  void drainLoops() throws Exception {
    for (var loop : relayLoops()) {
      loop.submit(() -> {}).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  List<io.netty.channel.EventLoop> relayLoops() {
    return relay.transport().loops();
  }

  static InetSocketAddress at(LogicalInterface iface, int port) {
    return new InetSocketAddress(iface.local(), port);
  }

  /** The relay ports of one leg, read on the loop so the test thread can use them. */
  record Ports(int rtp, int rtcp) {
    static Ports of(MediaStream m) {
      return new Ports(m.localRtpPort(), m.localRtcpPort());
    }
  }
}
