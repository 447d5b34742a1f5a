package io.isthmus.ha;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Redis that becomes reachable only when the test says so: accepts on 127.0.0.1:{@code from} once
 * made, and relays each connection to 127.0.0.1:{@code to} (a redis-server holding state). Before
 * it is made, nothing listens on {@code from}: connections are refused.
 */
public final class TcpForwarder implements AutoCloseable {
  private final ServerSocket server;
  private final AtomicInteger accepted = new AtomicInteger();

  public TcpForwarder(int from, int to) throws IOException {
    server = new ServerSocket(from, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket a = server.accept();
                  accepted.incrementAndGet();
                  Socket b = new Socket(InetAddress.getLoopbackAddress(), to);
                  Thread.ofVirtual().start(() -> pump(a, b));
                  Thread.ofVirtual().start(() -> pump(b, a));
                } catch (IOException e) {
                  return; // closed
                }
              }
            });
  }

  /** Connections accepted so far. */
  public int accepted() {
    return accepted.get();
  }

  private static void pump(Socket in, Socket out) {
    try (in;
        out) {
      in.getInputStream().transferTo(out.getOutputStream());
    } catch (IOException e) {
      // one side closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
