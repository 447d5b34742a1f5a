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
 * requests by method, so a test can tell that the proxy did try it. Optionally it still answers
 * OPTIONS with 200 (a gateway whose call handling hangs while its keep-alive works), so that
 * probing keeps it in the set until the test says otherwise.
 */
final class SilentGateway implements AutoCloseable {
  private final DatagramSocket socket;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Thread reader;
  private volatile boolean answerOptions;

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
        String method = text.substring(0, sp);
        requests.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        if (answerOptions && method.equals("OPTIONS")) {
          answer(text, in);
        }
      }
    }
  }

  /** From now on OPTIONS get a 200 (true) or nothing, as every other request (false). */
  SilentGateway answerOptions(boolean answer) {
    answerOptions = answer;
    return this;
  }

  private void answer(String request, DatagramPacket from) {
    StringBuilder reply = new StringBuilder("SIP/2.0 200 OK\r\n");
    for (String line : request.split("\r\n")) {
      String name = line.indexOf(':') > 0 ? line.substring(0, line.indexOf(':')).trim() : "";
      switch (name.toLowerCase(java.util.Locale.ROOT)) {
        case "via", "v", "from", "f", "call-id", "i", "cseq" -> reply.append(line).append("\r\n");
        case "to", "t" -> reply.append(line).append(";tag=silent\r\n");
        default -> {}
      }
    }
    byte[] bytes =
        reply.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    try {
      socket.send(new DatagramPacket(bytes, bytes.length, from.getSocketAddress()));
    } catch (IOException e) {
      // closed while answering: the test is over
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
