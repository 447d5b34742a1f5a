package io.isthmus.interop;

import io.isthmus.ng.NgEncoding;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgMessage;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BencodeLimits;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A blocking NG client for tests over a plain {@link DatagramSocket}, independent of the NG client
 * under test (and of its receive buffer size: query and delete replies exceed 2 KB). Both engines
 * are driven through this class, so they see the same bytes. Retransmissions reuse the cookie, as
 * Kamailio's do.
 */
public final class NgEndpoint implements AutoCloseable {
  private static final int MAX_DATAGRAM = 65_535;

  private final InetSocketAddress node;
  private final DatagramSocket socket;
  private final Duration timeout;
  private final int retries;
  private final String cookiePrefix = Long.toHexString(System.nanoTime());
  private final byte[] buffer = new byte[MAX_DATAGRAM];
  private long sequence;

  private NgEndpoint(InetSocketAddress node, Duration timeout, int retries) throws IOException {
    this.node = node;
    this.timeout = timeout;
    this.retries = retries;
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  /** An endpoint for {@code node} with the same patience as Kamailio: 1 s, 5 retries. */
  public static NgEndpoint of(InetSocketAddress node) throws IOException {
    return new NgEndpoint(node, Duration.ofSeconds(1), 5);
  }

  /**
   * Sends {@code request} and waits for the reply with the same cookie.
   *
   * @throws IOException when no reply arrives after all attempts, or the reply cannot be decoded
   */
  public synchronized NgResponse call(BDict request) throws IOException {
    BString cookie = BString.of(cookiePrefix + "_" + ++sequence);
    return exchange(cookie, NgMessage.frame(cookie, NgEncoding.BENCODE, request));
  }

  /**
   * Sends {@code payload} as it is after a fresh cookie (malformed bencode or JSON, for the error
   * paths) and waits for the reply.
   */
  public synchronized NgResponse callRaw(String payload) throws IOException {
    BString cookie = BString.of(cookiePrefix + "_" + ++sequence);
    byte[] datagram = (cookie.asString() + " " + payload).getBytes(StandardCharsets.UTF_8);
    return exchange(cookie, datagram);
  }

  private NgResponse exchange(BString cookie, byte[] datagram) throws IOException {
    for (int attempt = 0; attempt <= retries; attempt++) {
      socket.send(new DatagramPacket(datagram, datagram.length, node));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          break;
        }
        socket.setSoTimeout((int) left);
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(in);
        } catch (SocketTimeoutException e) {
          break;
        }
        byte[] data = Arrays.copyOf(in.getData(), in.getLength());
        BString got = NgMessage.cookie(data, 0, data.length);
        if (got == null || !got.equals(cookie)) {
          continue; // a late reply to an earlier request
        }
        try {
          NgMessage reply = NgMessage.decode(data, 0, data.length, got, BencodeLimits.NG);
          return NgResponse.of(reply.body());
        } catch (NgException e) {
          throw new IOException(
              "undecodable reply from "
                  + node
                  + ": "
                  + e.getMessage()
                  + "\n"
                  + new String(data, StandardCharsets.UTF_8),
              e);
        }
      }
    }
    throw new IOException(
        "no reply from " + node + " after " + (retries + 1) + " attempts of " + timeout);
  }

  InetSocketAddress node() {
    return node;
  }

  @Override
  public void close() {
    socket.close();
  }
}
