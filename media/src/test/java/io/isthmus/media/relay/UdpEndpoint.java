package io.isthmus.media.relay;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/** A test party's UDP socket on loopback: sends datagrams, waits for one with a deadline. */
final class UdpEndpoint implements AutoCloseable {

  /** A datagram as the endpoint received it. */
  record Received(byte[] data, InetSocketAddress source) {}

  private final DatagramSocket socket;

  private UdpEndpoint(DatagramSocket socket) {
    this.socket = socket;
  }

  /** Binds an ephemeral port on {@code ip} (any 127.x.y.z works on Linux loopback). */
  static UdpEndpoint bind(String ip) throws IOException {
    return new UdpEndpoint(new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(ip), 0)));
  }

  InetAddress address() {
    return socket.getLocalAddress();
  }

  int port() {
    return socket.getLocalPort();
  }

  void send(byte[] data, InetSocketAddress to) throws IOException {
    socket.send(new DatagramPacket(data, data.length, to));
  }

  /** The next datagram, waiting at most {@code timeout}; fails the test when none comes. */
  Received receive(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    byte[] buffer = new byte[65_536];
    var packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(packet);
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "no datagram at " + socket.getLocalSocketAddress() + " within " + timeout, e);
    }
    return new Received(
        Arrays.copyOf(buffer, packet.getLength()), (InetSocketAddress) packet.getSocketAddress());
  }

  @Override
  public void close() {
    socket.close();
  }
}
