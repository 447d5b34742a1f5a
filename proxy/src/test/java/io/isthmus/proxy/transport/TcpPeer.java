package io.isthmus.proxy.transport;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipStreamDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/** A blocking test TCP connection that reads SIP messages with a deadline. */
public final class TcpPeer implements AutoCloseable {
  private final Socket socket;
  private final SipStreamDecoder decoder = new SipStreamDecoder();
  private final Deque<SipMessage> pending = new ArrayDeque<>();

  TcpPeer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
  }

  /** Connects from {@code localAddress} (ephemeral port) to {@code remote}. */
  public static TcpPeer connect(String localAddress, InetSocketAddress remote) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.ofLiteral(localAddress), 0));
    s.connect(remote, 5000);
    return new TcpPeer(s);
  }

  /** A peer over an already connected socket (a TLS client socket, for instance). */
  public static TcpPeer over(Socket connected) throws IOException {
    return new TcpPeer(connected);
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  InetSocketAddress remoteAddress() {
    return (InetSocketAddress) socket.getRemoteSocketAddress();
  }

  public void write(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }

  /** The next message, waiting up to the deadline. */
  public SipMessage read(Duration deadline) throws IOException, SipParseException {
    long end = System.nanoTime() + deadline.toNanos();
    byte[] buf = new byte[8192];
    InputStream in = socket.getInputStream();
    while (pending.isEmpty()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no message within " + deadline);
      }
      socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        continue;
      }
      if (n < 0) {
        throw new AssertionError("connection closed by the peer");
      }
      pending.addAll(decoder.feed(buf, 0, n));
    }
    return pending.poll();
  }

  /** True when the peer closes the connection before the deadline (data before it is skipped). */
  boolean closedByPeerWithin(Duration deadline) throws IOException {
    long end = System.nanoTime() + deadline.toNanos();
    byte[] buf = new byte[8192];
    InputStream in = socket.getInputStream();
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
      try {
        if (in.read(buf) < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        // loop to the deadline
      } catch (java.net.SocketException e) {
        return true; // reset
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
