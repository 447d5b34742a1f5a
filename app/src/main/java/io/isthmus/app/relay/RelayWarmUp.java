package io.isthmus.app.relay;

import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.net.NgClient;
import io.isthmus.ng.net.NgClientConfig;
import io.isthmus.ng.net.NgServer;
import io.isthmus.ng.net.NgServerConfig;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the relay's real call path before the NG socket opens, so that the first calls of a fresh
 * {@code isthmus relay} meet compiled code rather than the interpreter (rtpengine, in C, is at full
 * speed from its first call; a cold JVM set up 500 calls in 1.2-2.2 s where rtpengine takes 0.2 s).
 *
 * <p>A throw-away relay on the same config, with its own NG server on an ephemeral loopback port,
 * is driven over UDP by an NG client as Kamailio would drive it: offer, answer, query, delete of
 * synthetic calls (no packet is ever sent to their SDP addresses). Then it is closed, its ports
 * returned: the operator's relay starts with empty tables and counters. Time-bounded; a failure
 * only logs, it never stops the start.
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
        NgClient client =
            NgClient.start(
                NgClientConfig.of(server.localAddress()).withTimeout(Duration.ofSeconds(2), 1))) {
      List<String> direction =
          relay.interfaces().stream().map(LogicalInterface::name).distinct().limit(2).toList();
      while (done < CALLS && System.nanoTime() < deadline) {
        List<CompletableFuture<NgResponse>> window = new ArrayList<>();
        for (int i = done; i < Math.min(CALLS, done + IN_FLIGHT); i++) {
          window.add(call(client, i, direction));
        }
        for (CompletableFuture<NgResponse> f : window) {
          f.get(10, TimeUnit.SECONDS);
        }
        done += window.size();
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

  private static CompletableFuture<NgResponse> call(NgClient client, int i, List<String> dir) {
    String callId = "isthmus-warm-up-" + i;
    BDict.Builder offer =
        BDict.builder()
            .put("command", "offer")
            .put("call-id", callId)
            .put("from-tag", "a" + i)
            .put("sdp", sdp(i, 30000))
            .putStrings("flags", List.of("trust-address"));
    if (dir.size() == 2) {
      offer.putStrings("direction", dir);
    }
    return send(client, offer.build())
        .thenCompose(
            r ->
                send(
                    client,
                    BDict.builder()
                        .put("command", "answer")
                        .put("call-id", callId)
                        .put("from-tag", "a" + i)
                        .put("to-tag", "b" + i)
                        .put("sdp", sdp(i, 40000))
                        .putStrings("flags", List.of("trust-address"))
                        .build()))
        .thenCompose(
            r ->
                send(
                    client, BDict.builder().put("command", "query").put("call-id", callId).build()))
        .thenCompose(
            r ->
                send(
                    client,
                    BDict.builder()
                        .put("command", "delete")
                        .put("call-id", callId)
                        .put("from-tag", "a" + i)
                        .build()));
  }

  private static CompletableFuture<NgResponse> send(NgClient client, BDict body) {
    return client.send(body).toCompletableFuture();
  }

  /** A party's SDP as a SIP phone writes it; 192.0.2.0/24 is TEST-NET-1: never sent to. */
  private static String sdp(int i, int basePort) {
    int port = basePort + 2 * (i % 5000);
    String ip = "192.0.2." + (1 + i % 250);
    return "v=0\r\no=- "
        + i
        + " 1 IN IP4 "
        + ip
        + "\r\ns=-\r\nc=IN IP4 "
        + ip
        + "\r\nt=0 0\r\nm=audio "
        + port
        + " RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
        + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";
  }
}
