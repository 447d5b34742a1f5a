package io.isthmus.media.control;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/** A test party's UDP socket on loopback: sends datagrams, waits for one with a deadline. */
final class Peer implements AutoCloseable {

  /** A datagram as received. */
  record Received(byte[] data, InetSocketAddress source) {}

  private final DatagramSocket socket;

  Peer(String ip) throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(ip), 0));
  }

  int port() {
    return socket.getLocalPort();
  }

  void send(byte[] data, String ip, int port) throws IOException {
    socket.send(new DatagramPacket(data, data.length, InetAddress.ofLiteral(ip), port));
  }

  /** The next datagram within {@code timeout}; fails the test when none comes. */
  Received receive(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    byte[] buffer = new byte[2048];
    var packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(packet);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("nothing reached " + socket.getLocalSocketAddress(), e);
    }
    return new Received(
        Arrays.copyOf(buffer, packet.getLength()), (InetSocketAddress) packet.getSocketAddress());
  }

  @Override
  public void close() {
    socket.close();
  }
}
