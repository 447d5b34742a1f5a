package io.isthmus.bench.media;

import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.MediaRelay;
import io.isthmus.media.relay.MediaStream;
import io.isthmus.media.relay.RelayConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The relay's forwarding step end to end on loopback: a party on 127.0.1.100 sends {@code burst}
 * 172-byte G.711 RTP packets to the relay's public socket, the relay forwards them out of its
 * private socket, a party on 127.0.2.100 receives them all. One event loop. The time per op
 * includes both test parties' syscalls and the kernel loopback, so read it as an upper bound.
 *
 * <p>At tear-down it prints the bytes the event loop thread allocated per forwarded packet
 * (ThreadMXBean): 0 on both paths once compiled (the relay's own epoll sockets, {@code UdpSocket});
 * with the learning window over, both relay sockets use the connected fast path, {@code
 * path=unconnected} measures the path before the lock. {@code -prof gc} gives the whole JVM's
 * figure, including the bench thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RelayForwardBench {

  private static final String CALL_ID = "bench-call";

  @Param({"1", "16"})
  int burst;

  /**
   * {@code connected}: the steady state of a call, both parties locked, the connected fast path.
   * {@code unconnected}: the learning window never ends, so the relay reads and writes on its bound
   * sockets with a sender and a recipient address per packet (a call in its first seconds, or on
   * NIO).
   */
  @Param({"connected", "unconnected"})
  String path;

  private MediaRelay relay;
  private DatagramChannel alice;
  private DatagramChannel bob;
  private InetSocketAddress relayPublic;
  private ByteBuffer packet;
  private ByteBuffer received;
  private long loopThreadId;
  private long loopBytesAtStart;
  private long packetsForwarded;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    var pub = LogicalInterface.parse("public/127.0.1.1");
    var priv = LogicalInterface.parse("private/127.0.2.1");
    relay =
        MediaRelay.start(
            RelayConfig.defaults(List.of(pub, priv))
                .withPorts(44000, 44099)
                .withEventLoops(1, true)
                // Lock during setup, so measurement sees the steady state of a call: the
                // connected fast path (PacketStream), not the learning window.
                .withLearningWindow(
                    path.equals("connected") ? Duration.ofMillis(200) : Duration.ofHours(1)),
            CallListener.none());
    alice = open("127.0.1.100");
    bob = open("127.0.2.100");
    var aliceAddress = (InetSocketAddress) alice.getLocalAddress();
    var bobAddress = (InetSocketAddress) bob.getLocalAddress();
    int alicePort =
        relay
            .onCall(
                CALL_ID,
                call -> {
                  MediaStream a = call.monologue("alice").addMedia("audio", pub);
                  MediaStream b = call.monologue("bob").addMedia("audio", priv);
                  a.setExpectedPeer(aliceAddress.getAddress(), aliceAddress.getPort(), 0);
                  b.setExpectedPeer(bobAddress.getAddress(), bobAddress.getPort(), 0);
                  MediaStream.pair(a, b);
                  call.signalled();
                  return a.localRtpPort();
                })
            .get();
    relayPublic = new InetSocketAddress(pub.local(), alicePort);
    packet = ByteBuffer.allocateDirect(172);
    packet.put(0, (byte) 0x80).put(1, (byte) 0); // V=2, PT=0 (PCMU)
    received = ByteBuffer.allocateDirect(2048);
    int bobPort =
        relay
            .onCall(CALL_ID, call -> call.monologue("bob").medias().getFirst().localRtpPort())
            .get();
    var relayPrivate = new InetSocketAddress(priv.local(), bobPort);
    // A real call: both parties send, so both endpoints are learned, then locked (and connected)
    // by their first packet after the window. Setup only, not measured.
    for (int round = 0; round < 2; round++) {
      exchange(relayPrivate);
      Thread.sleep(300);
    }
    loopThreadId = relay.onCall(CALL_ID, call -> Thread.currentThread().threadId()).get();
  }

  private void exchange(InetSocketAddress relayPrivate) throws IOException {
    packet.clear();
    alice.send(packet, relayPublic);
    received.clear();
    bob.receive(received);
    packet.clear();
    bob.send(packet, relayPrivate);
    received.clear();
    alice.receive(received);
  }

  @Setup(Level.Iteration)
  public void markAllocation() throws Exception {
    loopBytesAtStart = loopAllocatedBytes();
    packetsForwarded = 0;
  }

  @Benchmark
  public int forward() throws IOException {
    for (int i = 0; i < burst; i++) {
      packet.clear();
      alice.send(packet, relayPublic);
    }
    int bytes = 0;
    for (int i = 0; i < burst; i++) {
      received.clear();
      bob.receive(received);
      bytes += received.position();
    }
    packetsForwarded += burst;
    return bytes;
  }

  @TearDown(Level.Iteration)
  public void reportAllocation() throws Exception {
    long bytes = loopAllocatedBytes() - loopBytesAtStart;
    System.out.printf(
        "%n  event loop: %d packets, %.1f bytes allocated per forwarded packet%n",
        packetsForwarded, packetsForwarded == 0 ? 0.0 : (double) bytes / packetsForwarded);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    relay.close();
    alice.close();
    bob.close();
  }

  private long loopAllocatedBytes() throws Exception {
    // Read on the loop itself: ThreadMXBean is exact for the current thread.
    return relay
        .onCall(
            CALL_ID,
            call ->
                ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                    .getCurrentThreadAllocatedBytes())
        .get();
  }

  private static DatagramChannel open(String ip) throws IOException {
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
    channel.bind(new InetSocketAddress(InetAddress.ofLiteral(ip), 0));
    return channel;
  }
}
