package io.isthmus.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An RTP or RTCP endpoint for tests: a UDP socket on a given address that sends packets laid out
 * field by field and records what it receives (payload and source), on a daemon thread. Close it.
 */
public final class RtpEndpoint implements AutoCloseable {
  private final DatagramSocket socket;
  private final Thread reader;
  private final List<Received> received = new ArrayList<>();
  private final AtomicInteger count = new AtomicInteger();

  /** One datagram received. */
  public record Received(byte[] data, InetSocketAddress source) {}

  private RtpEndpoint(DatagramSocket socket) {
    this.socket = socket;
    this.reader =
        Thread.ofPlatform().daemon().name("rtp-" + socket.getLocalPort()).start(this::read);
  }

  /** Binds {@code address}:{@code port} (0 for any free port). */
  public static RtpEndpoint bind(String address, int port) {
    try {
      return new RtpEndpoint(
          new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(address), port)));
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return socket.getLocalPort();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /**
   * An RTP packet (RFC 3550 §5.1): V=2 P=0 X=0 CC=0 M=0, payload type, sequence number, timestamp,
   * SSRC, then {@code payloadLength} bytes of {@code fill}.
   */
  public static byte[] rtp(
      int payloadType, int seq, long timestamp, long ssrc, int payloadLength, int fill) {
    byte[] p = new byte[12 + payloadLength];
    p[0] = (byte) 0x80; // V=2 P=0 X=0 CC=0
    p[1] = (byte) (payloadType & 0x7f); // M=0 PT
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    putInt(p, 4, timestamp);
    putInt(p, 8, ssrc);
    java.util.Arrays.fill(p, 12, p.length, (byte) fill);
    return p;
  }

  /** An RTCP receiver report without report blocks (RFC 3550 §6.4.2): V=2 RC=0 PT=201 length=1. */
  public static byte[] rtcpReceiverReport(long ssrc) {
    byte[] p = new byte[8];
    p[0] = (byte) 0x80; // V=2 P=0 RC=0
    p[1] = (byte) 201; // RR
    p[3] = 1; // length in 32-bit words minus one
    putInt(p, 4, ssrc);
    return p;
  }

  private static void putInt(byte[] p, int at, long v) {
    p[at] = (byte) (v >> 24);
    p[at + 1] = (byte) (v >> 16);
    p[at + 2] = (byte) (v >> 8);
    p[at + 3] = (byte) v;
  }

  /** Sends {@code packet} to {@code to}. */
  public void send(byte[] packet, InetSocketAddress to) {
    try {
      socket.send(new DatagramPacket(packet, packet.length, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Packets received so far. */
  public int count() {
    return count.get();
  }

  /** A copy of what was received. */
  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /**
   * Waits until at least {@code n} packets arrived; false on timeout. Waits on arrivals, never
   * sleeps blind.
   */
  public boolean awaitCount(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (count.get() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          received.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  private void read() {
    byte[] buf = new byte[2048];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (IOException e) {
        return;
      }
      byte[] data = java.util.Arrays.copyOfRange(buf, 0, p.getLength());
      synchronized (received) {
        received.add(new Received(data, (InetSocketAddress) p.getSocketAddress()));
        count.incrementAndGet();
        received.notifyAll();
      }
    }
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
