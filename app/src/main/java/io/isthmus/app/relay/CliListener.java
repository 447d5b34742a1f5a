package io.isthmus.app.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rtpengine's CLI port ({@code listen-cli}): a TCP connection carries one command line, answered
 * and closed, which is what {@code rtpengine-ctl} sends and expects. One thread of its own accepts
 * and answers connections one at a time (operator traffic, off the media path); a client that sends
 * no line within {@link #READ_TIMEOUT_MS}, or more than {@link #MAX_LINE} bytes, is dropped.
 */
public final class CliListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CliListener.class);

  /** rtpengine's limit on a CLI line. */
  static final int MAX_LINE = 1024;

  /** How long a client may take to send its line. */
  static final int READ_TIMEOUT_MS = 3000;

  private final ServerSocket server;
  private final RelayCli cli;
  private final Thread thread;

  private CliListener(ServerSocket server, RelayCli cli) {
    this.server = server;
    this.cli = cli;
    this.thread = Thread.ofPlatform().daemon().name("relay-cli").unstarted(this::serve);
  }

  /** Binds {@code address} (port 0: any) and starts answering. */
  public static CliListener start(InetSocketAddress address, RelayCli cli) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(address, 16);
    CliListener l = new CliListener(server, cli);
    l.thread.start();
    return l;
  }

  /** The address bound. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(READ_TIMEOUT_MS);
        String line = readLine(s.getInputStream());
        if (line == null) {
          continue;
        }
        log.info("Got CLI command: {}", line);
        OutputStream out = s.getOutputStream();
        out.write(cli.handle(line).getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (SocketTimeoutException e) {
        log.info("CLI client sent no command in time");
      } catch (IOException e) {
        if (!server.isClosed()) {
          log.warn("CLI connection failed: {}", e.getMessage());
        }
      } catch (RuntimeException e) {
        log.error("CLI command failed", e);
      }
    }
  }

  /** The line up to LF (CR dropped), or null when the client closed or sent too much. */
  private static String readLine(InputStream in) throws IOException {
    byte[] buf = new byte[MAX_LINE];
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return n == 0 ? null : new String(buf, 0, n, StandardCharsets.UTF_8);
      }
      if (b == '\n') {
        int len = n > 0 && buf[n - 1] == '\r' ? n - 1 : n;
        return new String(buf, 0, len, StandardCharsets.UTF_8);
      }
      if (n == MAX_LINE) {
        log.info("Buffer length exceeded in CLI connection");
        return null;
      }
      buf[n++] = (byte) b;
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      log.warn("closing the CLI port: {}", e.getMessage());
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
