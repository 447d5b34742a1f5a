package io.isthmus.interop.proxy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gateway that is down but whose host is up: a UDP socket on the gateway's address that reads
 * every request and answers none (no ICMP either, so the proxy can only time out). It counts the
 * requests by method, so a test can tell that the proxy did try it.
 */
final class SilentGateway implements AutoCloseable {
  private final DatagramSocket socket;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Thread reader;

  SilentGateway(String address, int port) throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(address, port));
    reader = Thread.ofVirtual().name("silent-" + address).start(this::read);
  }

  private void read() {
    byte[] buf = new byte[65535];
    while (!socket.isClosed()) {
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(in);
      } catch (IOException e) {
        return;
      }
      String text = new String(buf, 0, in.getLength(), StandardCharsets.US_ASCII);
      int sp = text.indexOf(' ');
      if (sp > 0 && !text.startsWith("SIP/2.0")) {
        requests.computeIfAbsent(text.substring(0, sp), m -> new AtomicInteger()).incrementAndGet();
      }
    }
  }

  /** Datagrams received carrying a {@code method} request (retransmissions included). */
  int received(String method) {
    AtomicInteger n = requests.get(method);
    return n == null ? 0 : n.get();
  }

  @Override
  public void close() {
    socket.close();
    try {
      reader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
