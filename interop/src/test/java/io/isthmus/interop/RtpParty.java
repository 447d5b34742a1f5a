package io.isthmus.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The media side of a SIP party in the Kamailio test: a UDP socket at the address and port its SDP
 * announces, sending one G.711 RTP packet every 20 ms to the relay, and counting the RTP packets it
 * receives (and from where).
 */
final class RtpParty implements AutoCloseable {
  private static final int PAYLOAD = 160; // 20 ms of G.711 at 8 kHz

  private final DatagramSocket socket;
  private final int ssrc;
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicInteger sent = new AtomicInteger();
  private final Set<SocketAddress> sources = ConcurrentHashMap.newKeySet();
  private final Thread receiver;
  private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();

  RtpParty(String address, int port, int ssrc) throws SocketException {
    this.socket = new DatagramSocket(new InetSocketAddress(address, port));
    this.ssrc = ssrc;
    this.receiver = Thread.ofVirtual().name("rtp-rx-" + address).start(this::receive);
  }

  /** Starts sending to {@code relay} every 20 ms. */
  void sendTo(InetSocketAddress relay) {
    sender.scheduleAtFixedRate(() -> sendOne(relay), 0, 20, TimeUnit.MILLISECONDS);
  }

  private void sendOne(InetSocketAddress relay) {
    int seq = sent.get();
    byte[] p = new byte[12 + PAYLOAD];
    p[0] = (byte) 0x80; // V=2 P=0 X=0 CC=0
    p[1] = 0; // M=0 PT=0 (PCMU)
    p[2] = (byte) (seq >> 8); // sequence number
    p[3] = (byte) seq;
    int ts = seq * PAYLOAD; // timestamp advances 160 samples per packet
    p[4] = (byte) (ts >> 24);
    p[5] = (byte) (ts >> 16);
    p[6] = (byte) (ts >> 8);
    p[7] = (byte) ts;
    p[8] = (byte) (ssrc >> 24); // SSRC
    p[9] = (byte) (ssrc >> 16);
    p[10] = (byte) (ssrc >> 8);
    p[11] = (byte) ssrc;
    Arrays.fill(p, 12, p.length, (byte) 0xff); // PCMU silence
    try {
      socket.send(new DatagramPacket(p, p.length, relay));
      sent.incrementAndGet();
    } catch (IOException e) {
      // the socket is closing at the end of the test
    }
  }

  private void receive() {
    byte[] buf = new byte[2048];
    while (!socket.isClosed()) {
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(in);
      } catch (IOException e) {
        return;
      }
      if (in.getLength() >= 12 && (buf[0] & 0xc0) == 0x80) {
        received.incrementAndGet();
        sources.add(in.getSocketAddress());
      }
    }
  }

  int received() {
    return received.get();
  }

  int sent() {
    return sent.get();
  }

  /** Where the received packets came from. */
  Set<SocketAddress> sources() {
    return Set.copyOf(sources);
  }

  @Override
  public void close() {
    sender.shutdownNow();
    socket.close();
    try {
      sender.awaitTermination(1, TimeUnit.SECONDS);
      receiver.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
