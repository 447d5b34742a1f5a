package io.isthmus.media.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.media.net.DatagramTransport;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.testkit.FakeClock;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A relay on an event-loop group someone else owns (the proxy's, in {@code isthmus run}): a call's
 * sockets are bound on the loop the proxy picks for that Call-ID, and closing the relay leaves the
 * group running.
 */
class SharedGroupTest {
  private static final LogicalInterface PUBLIC = LogicalInterface.parse("public/127.0.1.1");
  private static final LogicalInterface PRIVATE = LogicalInterface.parse("private/127.0.2.1");
  private static final int LOOPS = 3;

  private final boolean epoll = Epoll.isAvailable();
  private final List<EventLoopGroup> groups = new ArrayList<>();

  private EventLoopGroup group(int threads, boolean epoll) {
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup g = new MultiThreadIoEventLoopGroup(threads, io);
    groups.add(g);
    return g;
  }

  @AfterEach
  void shutDownGroups() {
    for (EventLoopGroup g : groups) {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  /** The proxy's choice of loop for a call: by Call-ID hash over the group in iteration order. */
  private static EventLoop proxyLoop(EventLoopGroup group, String callId) {
    List<EventLoop> loops = new ArrayList<>();
    for (EventExecutor e : group) {
      loops.add((EventLoop) e);
    }
    return loops.get(Math.floorMod(callId.hashCode(), loops.size()));
  }

  /** Where one call's work and sockets ended up, read on its loop. */
  record Placement(boolean ranOnOwner, EventLoop owner, Set<EventLoop> socketLoops, int port) {}

  @Test
  void bindsEachCallsSocketsOnTheLoopTheProxyPicksAndCloseLeavesTheGroupRunning() throws Exception {
    EventLoopGroup group = group(LOOPS, epoll);
    var deletions = new ConcurrentLinkedQueue<DeletionReason>();
    var clock = new FakeClock(5_000_000_000_000L);
    RelayConfig config =
        RelayConfig.defaults(List.of(PUBLIC, PRIVATE))
            .withPorts(45000, 45099)
            .withEventLoops(1, true);
    MediaRelay relay =
        MediaRelay.start(
            config,
            DatagramTransport.on(group, epoll),
            clock,
            clock,
            (id, reason, stats) -> deletions.add(reason));

    List<String> callIds = List.of("shared-a", "shared-b", "shared-c", "shared-d", "shared-e");
    Set<EventLoop> used = new HashSet<>();
    List<Integer> ports = new ArrayList<>();
    for (String callId : callIds) {
      EventLoop expected = proxyLoop(group, callId);
      used.add(expected);
      Placement p =
          relay
              .onCall(
                  callId,
                  call -> {
                    MediaStream a = call.monologue("alice").addMedia("audio", PUBLIC);
                    MediaStream b = call.monologue("bob").addMedia("audio", PRIVATE);
                    MediaStream.pair(a, b);
                    Set<EventLoop> loops = new HashSet<>();
                    for (MediaStream m : List.of(a, b)) {
                      loops.add(m.rtpSender().loop());
                      loops.add(m.rtcpSender().loop());
                    }
                    return new Placement(
                        expected.inEventLoop(), call.owner(), loops, a.localRtpPort());
                  })
              .get(5, TimeUnit.SECONDS);
      assertThat(p.ranOnOwner()).as("%s ran on its proxy loop", callId).isTrue();
      assertThat(p.owner()).as("%s owner", callId).isSameAs(expected);
      assertThat(p.socketLoops()).as("%s sockets", callId).containsExactly(expected);
      ports.add(p.port());
    }
    assertThat(used).as("the calls spread over several loops").hasSizeGreaterThan(1);

    relay.close();

    assertThat(deletions).hasSize(callIds.size()).containsOnly(DeletionReason.SHUTDOWN);
    assertThat(relay.portPool(PUBLIC).usedPairs()).isZero();
    assertThat(relay.portPool(PRIVATE).usedPairs()).isZero();
    for (int port : ports) {
      // the relay's socket is closed: the port binds again
      try (var s = new DatagramSocket(new InetSocketAddress(PUBLIC.local(), port))) {
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
    assertThat(group.isShuttingDown()).as("the group is the owner's to stop").isFalse();
    for (EventExecutor loop : group) {
      assertThat(loop.submit(() -> 7).get(5, TimeUnit.SECONDS)).isEqualTo(7);
    }
  }

  @Test
  void refusesAGroupWhoseLoopsAreNotOfTheSaidKind() {
    EventLoopGroup nio = group(1, false);
    assertThatThrownBy(() -> DatagramTransport.on(nio, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EpollIoHandler");
  }
}
