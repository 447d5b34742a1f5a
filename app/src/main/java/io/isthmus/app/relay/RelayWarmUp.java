package io.isthmus.app.relay;

import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import io.isthmus.ng.bencode.BencodeDecoder;
import io.isthmus.ng.bencode.BencodeEncoder;
import io.isthmus.ng.bencode.BencodeException;
import io.isthmus.ng.bencode.BencodeLimits;
import io.isthmus.ng.net.NgServer;
import io.isthmus.ng.net.NgServerConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the relay's real call path before the NG socket opens, so that the first calls of a fresh
 * {@code isthmus relay} meet compiled code rather than the interpreter (rtpengine, in C, is at full
 * speed from its first call; a cold JVM set up 500 calls in 1.2-2.2 s where rtpengine takes 0.2 s).
 *
 * <p>A throw-away relay on the same config, with its own NG server on an ephemeral loopback port,
 * is driven over UDP as Kamailio would drive it: offer, answer, query, delete of synthetic calls
 * (no packet is ever sent to their SDP addresses). Then it is closed, its ports returned: the
 * operator's relay starts with empty tables and counters. Time-bounded; a failure only logs, it
 * never stops the start.
 *
 * <p>What the JIT learns here is what it compiles for, so the warm-up looks like real traffic: its
 * client is a plain JDK socket (a Netty client in this process taught Netty's buffer code types
 * that a real relay never sees: deoptimised on the first real calls), and its offers come in four
 * shapes, from one codec to audio and video with rtcp-mux (with one shape only, the first 500 calls
 * of another shape deoptimised the SDP code: 113 compilations, 45 of them C2, against 76 and 32).
 */
final class RelayWarmUp {
  private static final Logger log = LoggerFactory.getLogger(RelayWarmUp.class);

  /** Enough rounds for the JIT's C2 tier on the command path (measured: media/README.md). */
  static final int CALLS = 3000;

  static final Duration LIMIT = Duration.ofSeconds(8);

  private static final int IN_FLIGHT = 32;

  private RelayWarmUp() {}

  /** Runs the warm-up; returns the calls completed. */
  static int run(RelayConfig relay, ControlConfig control) {
    long start = System.nanoTime();
    long deadline = start + LIMIT.toNanos();
    int done = 0;
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (RelayCommandHandler handler =
            RelayCommandHandler.start(
                relay, control.withDeleteDelay(Duration.ZERO), CallListener.none());
        NgServer server = NgServer.start(NgServerConfig.defaults().withBind(loopback), handler);
        Client client = new Client(server.localAddress())) {
      List<String> direction =
          relay.interfaces().stream().map(LogicalInterface::name).distinct().limit(2).toList();
      while (done < CALLS && System.nanoTime() < deadline) {
        int to = Math.min(CALLS, done + IN_FLIGHT);
        client.exchange(done, to, i -> offer(i, direction));
        client.exchange(done, to, RelayWarmUp::answer);
        client.exchange(done, to, i -> command("query", i));
        client.exchange(done, to, i -> command("delete", i));
        done = to;
      }
    } catch (Exception e) {
      log.warn("relay warm-up stopped after {} calls: {}", done, e.toString());
    }
    // Once, before the relay opens: the warm-up's garbage goes, and the heap it made the JVM
    // commit is given back (a full collection shrinks it), so it is not in the relay's RSS.
    System.gc();
    trimNativeHeap();
    log.info(
        "relay warm-up: {} calls (offer, answer, query, delete) in {} ms",
        done,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    return done;
  }

  /**
   * Gives the C library's free memory back to the system: the JIT's compiler arenas of the warm-up
   * (some 30 MB, NMT "Arena Chunk") are freed to malloc, which keeps them resident. Same as {@code
   * jcmd PID System.trim_native_heap}; glibc only, a no-op elsewhere.
   */
  private static void trimNativeHeap() {
    try {
      ManagementFactory.getPlatformMBeanServer()
          .invoke(
              new ObjectName("com.sun.management:type=DiagnosticCommand"),
              "systemTrimNativeHeap",
              new Object[] {new String[0]},
              new String[] {String[].class.getName()});
    } catch (Exception | LinkageError e) {
      log.debug("relay warm-up: native heap not trimmed: {}", e.toString());
    }
  }

  private static String callId(int i) {
    return "isthmus-warm-up-" + i;
  }

  private static BDict offer(int i, List<String> direction) {
    BDict.Builder offer =
        BDict.builder()
            .put("command", "offer")
            .put("call-id", callId(i))
            .put("from-tag", "a" + i)
            .put("sdp", sdp(i, 30000))
            .putStrings("flags", List.of("trust-address"));
    if (direction.size() == 2) {
      offer.putStrings("direction", direction);
    }
    return offer.build();
  }

  private static BDict answer(int i) {
    return BDict.builder()
        .put("command", "answer")
        .put("call-id", callId(i))
        .put("from-tag", "a" + i)
        .put("to-tag", "b" + i)
        .put("sdp", sdp(i, 40000))
        .putStrings("flags", List.of("trust-address"))
        .build();
  }

  private static BDict command(String name, int i) {
    BDict.Builder b = BDict.builder().put("command", name).put("call-id", callId(i));
    if (name.equals("delete")) {
      b.put("from-tag", "a" + i);
    }
    return b.build();
  }

  /**
   * A party's SDP as a SIP phone writes it, in one of four shapes; 192.0.2.0/24 is TEST-NET-1:
   * never sent to.
   */
  static String sdp(int i, int basePort) {
    int port = basePort + 4 * (i % 2500);
    String ip = "192.0.2." + (1 + i % 250);
    String head =
        "v=0\r\no=- " + i + " 1 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\n";
    return head
        + switch (i % 4) {
          case 0 -> "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
          case 1 ->
              "m=audio "
                  + port
                  + " RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
                  + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\n"
                  + "a=sendrecv\r\n";
          case 2 ->
              "m=audio "
                  + port
                  + " RTP/AVP 8 0\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n"
                  + "a=rtcp-mux\r\na=sendrecv\r\n";
          default ->
              "m=audio "
                  + port
                  + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000"
                  + "\r\na=sendrecv\r\nm=video "
                  + (port + 2)
                  + " RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1"
                  + "\r\na=sendrecv\r\n";
        };
  }

  /**
   * The warm-up's NG client: a blocking JDK datagram socket, a window of requests out, then their
   * replies in (by cookie, any order). Any error reply ends the warm-up.
   */
  private static final class Client implements AutoCloseable {
    private final DatagramChannel channel;
    private final byte[] buf = new byte[65_535];
    private long cookie;

    Client(InetSocketAddress server) throws IOException {
      channel = DatagramChannel.open();
      channel.connect(server);
      channel.socket().setSoTimeout(2_000);
    }

    void exchange(int from, int to, IntFunction<BDict> request)
        throws IOException, BencodeException {
      Set<String> waiting = new HashSet<>();
      for (int i = from; i < to; i++) {
        String c = Long.toString(cookie++);
        waiting.add(c);
        byte[] body = BencodeEncoder.encode(request.apply(i));
        ByteBuffer out = ByteBuffer.allocate(c.length() + 1 + body.length);
        out.put(c.getBytes(StandardCharsets.US_ASCII)).put((byte) ' ').put(body).flip();
        channel.write(out);
      }
      DatagramPacket packet = new DatagramPacket(buf, buf.length);
      while (!waiting.isEmpty()) {
        channel.socket().receive(packet); // SocketTimeoutException after 2 s: the warm-up stops
        int n = packet.getLength();
        int space = 0;
        while (space < n && buf[space] != ' ') {
          space++;
        }
        String c = new String(buf, 0, space, StandardCharsets.US_ASCII);
        BDict reply =
            BencodeDecoder.decodeDictionary(buf, space + 1, n - space - 1, BencodeLimits.NG);
        BValue result = reply.get("result");
        if (!(result instanceof BString r) || !r.asString().equals("ok")) {
          throw new IOException("warm-up request refused: " + reply);
        }
        waiting.remove(c);
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
