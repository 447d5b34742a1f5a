package io.isthmus.interop.proxy;

import io.isthmus.interop.SippTrace;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The media of a sipp caller: one UDP socket at the address and port every call's SDP announces for
 * audio. It reads the caller's message trace as the calls are answered, and for each call sends
 * G.711 RTP every 20 ms to the relay port that call's 200 OK names, until {@link #ECHOES} packets
 * have come back from that port. They come back because the gateway's sipp echoes what it gets
 * (-rtp_echo): an echo has crossed the relay twice, caller to gateway and gateway to caller.
 *
 * <p>All calls share the socket; the relay port an echo comes from tells the calls apart.
 */
final class CallerMedia implements AutoCloseable {
  /** Echoes per call that show media both ways. */
  static final int ECHOES = 5;

  private static final int PAYLOAD = 160; // 20 ms of PCMU at 8 kHz

  private final DatagramSocket socket;
  private final Path messages;
  private final Map<String, InetSocketAddress> relayOfCall = new ConcurrentHashMap<>();
  private final Map<SocketAddress, AtomicInteger> echoes = new ConcurrentHashMap<>();
  private final AtomicInteger strays = new AtomicInteger();
  private final Thread receiver;
  private final Thread sender;
  private volatile boolean running = true;
  private long traceSize = -1;

  private final String mLine;

  CallerMedia(String address, int port, Path messages) throws IOException {
    this(address, port, messages, "audio");
  }

  /**
   * The media of the {@code media} stream ({@code audio} or {@code video}): RTP to the relay port
   * of that m-line of each 200, from {@code address}:{@code port}, which the SDP announces for it.
   */
  CallerMedia(String address, int port, Path messages, String media) throws IOException {
    this.mLine = "m=" + media + " ";
    this.socket = new DatagramSocket(new InetSocketAddress(address, port));
    this.messages = messages;
    this.receiver = Thread.ofVirtual().name("rtp-rx-" + address).start(this::receive);
    this.sender = Thread.ofVirtual().name("rtp-tx-" + address).start(this::send);
  }

  private void send() {
    int seq = 0;
    while (running) {
      try {
        learnCalls();
        for (Map.Entry<String, InetSocketAddress> call : relayOfCall.entrySet()) {
          if (echoesFrom(call.getValue()) < ECHOES) {
            byte[] p = rtp(seq, call.getKey().hashCode());
            socket.send(new DatagramPacket(p, p.length, call.getValue()));
          }
        }
        seq++;
        Thread.sleep(20); // the packet interval of 20 ms audio
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Adds the calls answered since the last look: Call-ID -> relay address in the 200's SDP. */
  private void learnCalls() throws IOException {
    long size = Files.exists(messages) ? Files.size(messages) : -1;
    if (size == traceSize) {
      return;
    }
    traceSize = size;
    for (SippTrace.Received m : SippTrace.received(messages)) {
      // The m=video line comes last: with it the m=audio port is complete, not half written.
      if (!m.startLine().startsWith("SIP/2.0 200") || m.sdpLine("m=video ").isEmpty()) {
        continue;
      }
      Optional<String> callId =
          m.text().lines().filter(l -> l.regionMatches(true, 0, "Call-ID:", 0, 8)).findFirst();
      Optional<String> c = m.sdpLine("c=IN IP4 ");
      Optional<String> audio = m.sdpLine(mLine);
      if (callId.isPresent() && c.isPresent() && audio.isPresent()) {
        String host = c.get().substring("c=IN IP4 ".length()).strip();
        int port = Integer.parseInt(audio.get().split(" ")[1]);
        relayOfCall.putIfAbsent(
            callId.get().substring(8).strip(), new InetSocketAddress(host, port));
      }
    }
  }

  private static byte[] rtp(int seq, int ssrc) {
    byte[] p = new byte[12 + PAYLOAD];
    p[0] = (byte) 0x80; // V=2 P=0 X=0 CC=0
    p[1] = 0; // M=0 PT=0 (PCMU)
    p[2] = (byte) (seq >> 8); // sequence number
    p[3] = (byte) seq;
    int ts = seq * PAYLOAD; // timestamp: 160 samples per packet
    p[4] = (byte) (ts >> 24);
    p[5] = (byte) (ts >> 16);
    p[6] = (byte) (ts >> 8);
    p[7] = (byte) ts;
    p[8] = (byte) (ssrc >> 24); // SSRC: one per call
    p[9] = (byte) (ssrc >> 16);
    p[10] = (byte) (ssrc >> 8);
    p[11] = (byte) ssrc;
    Arrays.fill(p, 12, p.length, (byte) 0xff); // PCMU silence
    return p;
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
      if (in.getLength() >= 12
          && (buf[0] & 0xc0) == 0x80
          && relayOfCall.containsValue((InetSocketAddress) in.getSocketAddress())) {
        echoes.computeIfAbsent(in.getSocketAddress(), a -> new AtomicInteger()).incrementAndGet();
      } else {
        strays.incrementAndGet();
      }
    }
  }

  private int echoesFrom(SocketAddress relay) {
    AtomicInteger n = echoes.get(relay);
    return n == null ? 0 : n.get();
  }

  /** Calls answered so far, Call-ID to the relay address of their audio. */
  Map<String, InetSocketAddress> calls() {
    return Map.copyOf(relayOfCall);
  }

  /** The calls (Call-IDs) that have not yet had {@link #ECHOES} echoes back. */
  java.util.List<String> callsWithoutEchoes() {
    return relayOfCall.entrySet().stream()
        .filter(e -> echoesFrom(e.getValue()) < ECHOES)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Packets from anywhere but a known call's relay port (should be none). */
  int strays() {
    return strays.get();
  }

  @Override
  public void close() {
    running = false;
    socket.close();
    try {
      sender.join(2000);
      receiver.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
