package io.isthmus.media.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's own epoll socket ({@link UdpSocket}) through {@link DatagramTransport}: real UDP on
 * 127.0.3.x (away from the reference addresses), JDK datagram channels as the parties.
 */
class UdpSocketTest {

  private static final InetAddress RELAY = InetAddress.ofLiteral("127.0.3.1");

  /** What a receiver heard, in order, on the loop. */
  private record Heard(String payload, InetSocketAddress sender) {}

  private final LinkedBlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
  private DatagramTransport transport;
  private EventLoop loop;
  private final List<DatagramChannel> parties = new ArrayList<>();

  @BeforeEach
  void start() {
    assumeThat(Epoll.isAvailable()).as("native epoll").isTrue();
    transport = DatagramTransport.start(1, true);
    loop = transport.loops().getFirst();
  }

  @AfterEach
  void stop() throws Exception {
    for (DatagramChannel p : parties) {
      p.close();
    }
    if (transport != null) {
      transport.close();
    }
  }

  private DatagramPort.Receiver receiver(String name) {
    return new DatagramPort.Receiver() {
      @Override
      public void datagram(ByteBuf buf, InetSocketAddress sender) {
        heard.add(new Heard(name + ":" + buf.toString(StandardCharsets.US_ASCII), sender));
        buf.release();
      }

      @Override
      public void readComplete() {}

      @Override
      public void truncated() {
        heard.add(new Heard(name + ":truncated", null));
      }

      @Override
      public void error(Throwable cause) {
        heard.add(new Heard(name + ":error " + cause, null));
      }
    };
  }

  private <T> T onLoop(Callable<T> action) throws Exception {
    return loop.submit(action).get(5, TimeUnit.SECONDS);
  }

  private DatagramChannel party(String ip) throws Exception {
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
    channel.bind(new InetSocketAddress(InetAddress.ofLiteral(ip), 0));
    parties.add(channel);
    return channel;
  }

  private static void send(DatagramChannel from, String text, InetSocketAddress to)
      throws Exception {
    from.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), to);
  }

  private static String receive(DatagramChannel at) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(70_000);
    at.configureBlocking(true);
    at.socket().setSoTimeout(5000);
    var packet = new java.net.DatagramPacket(b.array(), b.capacity());
    at.socket().receive(packet);
    return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
  }

  private Heard next() throws Exception {
    Heard h = heard.poll(5, TimeUnit.SECONDS);
    assertThat(h).as("a datagram within 5 s").isNotNull();
    return h;
  }

  @Test
  void unconnectedSocketNamesEachSenderAndReusesTheAddressOfARepeatedOne() throws Exception {
    DatagramPort port =
        onLoop(() -> transport.bind(loop, new InetSocketAddress(RELAY, 0), receiver("bound")));
    InetSocketAddress at = port.localAddress();
    DatagramChannel alice = party("127.0.3.100");
    DatagramChannel carol = party("127.0.3.101");

    send(alice, "a1", at);
    Heard first = next();
    send(alice, "a2", at);
    Heard second = next();
    send(carol, "c1", at);
    Heard third = next();

    assertThat(first.payload()).isEqualTo("bound:a1");
    assertThat(first.sender()).isEqualTo(alice.getLocalAddress());
    assertThat(second.payload()).isEqualTo("bound:a2");
    assertThat(second.sender())
        .as("the same sender: the same address object")
        .isSameAs(first.sender());
    assertThat(third.payload()).isEqualTo("bound:c1");
    assertThat(third.sender()).isEqualTo(carol.getLocalAddress());
  }

  @Test
  void sendToReachesEachRecipientFromTheBoundPort() throws Exception {
    DatagramPort port =
        onLoop(() -> transport.bind(loop, new InetSocketAddress(RELAY, 0), receiver("bound")));
    DatagramChannel alice = party("127.0.3.100");
    DatagramChannel bob = party("127.0.3.102");
    var toAlice = (InetSocketAddress) alice.getLocalAddress();
    var toBob = (InetSocketAddress) bob.getLocalAddress();

    assertThat(onLoop(() -> port.sendTo(ascii("x1"), toAlice))).isTrue();
    assertThat(onLoop(() -> port.sendTo(ascii("x2"), toBob))).isTrue();
    assertThat(onLoop(() -> port.sendTo(ascii("x3"), toAlice))).isTrue();

    assertThat(receive(alice)).isEqualTo("x1");
    assertThat(receive(bob)).isEqualTo("x2");
    assertThat(receive(alice)).isEqualTo("x3");
    // Sent from the relay port itself (symmetric RTP): a reply to the packet's source reaches it.
    send(alice, "back", port.localAddress());
    assertThat(next().payload()).isEqualTo("bound:back");
  }

  @Test
  void connectedSocketHearsItsPartyAndLeavesStrangersToTheBoundOne() throws Exception {
    DatagramChannel alice = party("127.0.3.100");
    DatagramChannel stranger = party("127.0.3.103");
    var aliceAddress = (InetSocketAddress) alice.getLocalAddress();
    DatagramPort bound =
        onLoop(() -> transport.bind(loop, new InetSocketAddress(RELAY, 0), receiver("bound")));
    DatagramPort connected =
        onLoop(() -> transport.connect(loop, bound, aliceAddress, receiver("connected")));
    assertThat(connected).isNotNull();
    assertThat(connected.localAddress()).isEqualTo(bound.localAddress());

    send(alice, "hello", bound.localAddress());
    Heard fromAlice = next();
    send(stranger, "intruder", bound.localAddress());
    Heard fromStranger = next();
    assertThat(onLoop(() -> connected.send(ascii("reply")))).isTrue();

    assertThat(fromAlice).isEqualTo(new Heard("connected:hello", aliceAddress));
    assertThat(fromStranger)
        .isEqualTo(new Heard("bound:intruder", (InetSocketAddress) stranger.getLocalAddress()));
    assertThat(receive(alice)).isEqualTo("reply");
  }

  @Test
  void aConnectedPartyThatWentAwayDoesNotStopTheNextSend() throws Exception {
    DatagramChannel gone = party("127.0.3.104");
    var goneAddress = (InetSocketAddress) gone.getLocalAddress();
    DatagramPort bound =
        onLoop(() -> transport.bind(loop, new InetSocketAddress(RELAY, 0), receiver("bound")));
    DatagramPort connected =
        onLoop(() -> transport.connect(loop, bound, goneAddress, receiver("connected")));
    gone.close();
    parties.remove(gone);

    // The first send draws an ICMP port unreachable; the second finds it pending (ECONNREFUSED)
    // and is sent again once: neither is refused, and no error reaches the receiver.
    assertThat(onLoop(() -> connected.send(ascii("one")))).isTrue();
    // The ICMP error wakes the socket (EPOLLERR): it is consumed, not reported.
    assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(onLoop(() -> connected.send(ascii("two")))).isTrue();
    assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void anIpv6SocketNamesItsSenderAndSendsBack() throws Exception {
    InetAddress loopback6 = InetAddress.ofLiteral("::1");
    DatagramPort port =
        onLoop(() -> transport.bind(loop, new InetSocketAddress(loopback6, 0), receiver("v6")));
    assumeThat(port).as("IPv6 loopback available").isNotNull();
    DatagramChannel alice = DatagramChannel.open(StandardProtocolFamily.INET6);
    parties.add(alice);
    alice.bind(new InetSocketAddress(loopback6, 0));
    var aliceAddress = (InetSocketAddress) alice.getLocalAddress();

    send(alice, "v6-1", port.localAddress());
    Heard first = next();
    send(alice, "v6-2", port.localAddress());
    Heard second = next();
    assertThat(onLoop(() -> port.sendTo(ascii("v6-back"), first.sender()))).isTrue();

    assertThat(first).isEqualTo(new Heard("v6:v6-1", aliceAddress));
    assertThat(second.sender()).isSameAs(first.sender());
    assertThat(receive(alice)).isEqualTo("v6-back");
  }

  @Test
  void theLargestIpv4DatagramArrivesWhole() throws Exception {
    DatagramPort port =
        onLoop(() -> transport.bind(loop, new InetSocketAddress(RELAY, 0), receiver("bound")));
    DatagramChannel alice = party("127.0.3.100");
    String largest = "z".repeat(WholeDatagrams.MAX_IPV4_PAYLOAD);

    send(alice, largest, port.localAddress());

    assertThat(next().payload()).isEqualTo("bound:" + largest);
  }

  @Test
  void aClosedSocketGivesItsPortBack() throws Exception {
    DatagramPort port =
        onLoop(() -> transport.bind(loop, new InetSocketAddress(RELAY, 0), receiver("bound")));
    InetSocketAddress at = port.localAddress();
    DatagramPort taken = onLoop(() -> transport.bind(loop, at, receiver("again")));
    assertThat(taken).as("the port is in use").isNull();

    onLoop(
        () -> {
          port.close();
          port.close(); // idempotent
          return null;
        });

    DatagramPort again = onLoop(() -> transport.bind(loop, at, receiver("again")));
    assertThat(again).isNotNull();
    ByteBuf late = ascii("late");
    assertThat(onLoop(() -> port.sendTo(late, at))).as("closed: refused").isFalse();
    assertThat(late.refCnt()).as("a refused packet stays the caller's").isEqualTo(1);
    late.release();
  }

  /** A packet to send: a successful send releases it. */
  private static ByteBuf ascii(String text) {
    return Unpooled.directBuffer(64).writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }
}
