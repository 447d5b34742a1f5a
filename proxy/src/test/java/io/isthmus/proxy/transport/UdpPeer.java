package io.isthmus.proxy.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/** A test UDP endpoint on a loopback address (a caller or a gateway). */
final class UdpPeer implements AutoCloseable {
  record Datagram(byte[] bytes, InetSocketAddress source) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private final DatagramChannel channel;
  private final Selector selector;

  UdpPeer(String address) throws IOException {
    channel = DatagramChannel.open();
    channel.bind(new InetSocketAddress(InetAddress.ofLiteral(address), 0));
    channel.configureBlocking(false);
    selector = Selector.open();
    channel.register(selector, SelectionKey.OP_READ);
  }

  InetSocketAddress address() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  void send(String text, InetSocketAddress to) throws IOException {
    send(text.getBytes(StandardCharsets.UTF_8), to);
  }

  void send(byte[] bytes, InetSocketAddress to) throws IOException {
    channel.send(ByteBuffer.wrap(bytes), to);
  }

  /** The next datagram, waiting up to the deadline. */
  Datagram receive(Duration deadline) throws IOException {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      Datagram d = receiveNow();
      if (d != null) {
        return d;
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no datagram within " + deadline);
      }
      selector.select(Math.max(1, left / 1_000_000));
      selector.selectedKeys().clear();
    }
  }

  /** A datagram already queued, or null. */
  Datagram receiveNow() throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(65_535);
    SocketAddress from = channel.receive(buf);
    if (from == null) {
      return null;
    }
    return new Datagram(Arrays.copyOf(buf.array(), buf.position()), (InetSocketAddress) from);
  }

  @Override
  public void close() throws IOException {
    selector.close();
    channel.close();
  }
}
