package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.app.wiring.Product;
import io.isthmus.testkit.ExternalProcess;
import io.isthmus.testkit.RedisServerProcess;
import io.isthmus.testkit.TestUserAgent;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relay HA end to end: {@code isthmus proxy} (in this JVM, {@link Product.Roles#PROXY}) drives
 * {@code isthmus relay} processes (their own JVMs, started and stopped by PID) that keep their
 * calls in a redis-server the test started, while 50 audio+video calls send RTP both ways every 20
 * ms (video every 40 ms).
 *
 * <ul>
 *   <li>{@link #theStandbyCarriesEveryCallWhenTheActiveRelayIsKilled}: the active relay is
 *       SIGKILLed; the standby (same --redis, same interfaces, ports and NG address) takes the node
 *       over when its heartbeat expires: every call's media flows again both ways, the gap per call
 *       is measured (target max 1 s), and after the BYEs no session and no call key is left (DBSIZE
 *       = the node's heartbeat and writer marker).
 *   <li>{@link #aRedisKilledAndRestartedDisturbsNoCall}: Redis is SIGKILLed for 2 s and started
 *       again (empty): media never stops, and every call is back in Redis.
 * </ul>
 *
 * Figures are logged as {@code relay-ha:} lines.
 */
class RelayTakeoverTest {
  private static final Logger LOG = LoggerFactory.getLogger(RelayTakeoverTest.class);

  private static final int SIP = 27480;
  private static final int GATEWAY = 27470;
  private static final int GATEWAY_AUDIO = 27472;
  private static final int GATEWAY_VIDEO = 27474;
  private static final int CALLER = 27481;
  // the caller's audio and video: 27482 and 27484 (HaMedia: its SIP port + 1 and + 3)
  private static final int ADMIN = 27490;
  private static final int NG = 27520;
  private static final int REDIS = 27521;
  private static final int[] HTTP = {27522, 27523};
  private static final int PORT_MIN = 23000;
  private static final int PORT_MAX = 23799;
  private static final int CALLS = 50;
  private static final int HEARTBEAT_MS = 500;
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final String NODE = "isthmus:relay:db0:";

  @Test
  void theStandbyCarriesEveryCallWhenTheActiveRelayIsKilled() throws Exception {
    try (Rig rig = new Rig("takeover")) {
      ExternalProcess active = rig.relay(0);
      rig.awaitNg();
      ExternalProcess standby = rig.relay(1);
      Poll.untilTrue(
          SETTLE,
          () -> "the standby's /metrics",
          () -> metric(HTTP[1], "isthmus_relay_ha_active") == 0);
      rig.startCalls();
      Poll.untilTrue(
          SETTLE,
          () -> "every call in Redis, DBSIZE " + rig.dbSize(),
          () -> rig.dbSize() == CALLS + 2);
      Thread.sleep(1500); // media locked everywhere, the locks written

      long killedAt = System.nanoTime();
      rig.media.windowStart = killedAt;
      active.kill();
      long pongAt = rig.awaitNg();
      Thread.sleep(3000);
      rig.media.windowEnd = System.nanoTime();

      assertThat(metric(HTTP[1], "isthmus_relay_ha_active")).isEqualTo(1);
      assertThat(metric(HTTP[1], "isthmus_relay_ha_restored_calls_total")).isEqualTo(CALLS);
      assertThat(metric(HTTP[1], "isthmus_relay_ha_restore_failures_total")).isZero();
      assertThat(rig.sessions()).hasSize(CALLS);
      long resumedAfter = pongAt + Duration.ofMillis(500).toNanos();
      List<Long> gaps = new ArrayList<>();
      for (int c = 0; c < CALLS; c++) {
        long gap = 0;
        for (HaMedia.Stream s : rig.media.streams(c)) {
          assertThat(s.last - resumedAfter)
              .as("call %d %s: media after the takeover", c, s.name)
              .isPositive();
          gap = Math.max(gap, s.maxGap);
        }
        gaps.add(gap);
      }
      long takeoverMs = metric(HTTP[1], "isthmus_relay_ha_last_takeover_milliseconds");
      report(
          "takeover",
          gaps,
          String.format(
              " kill-to-NG=%.0fms restore=%dms heartbeat-ttl=%dms",
              (pongAt - killedAt) / 1e6, takeoverMs, HEARTBEAT_MS));
      assertThat(gaps.stream().mapToLong(Long::longValue).max().orElseThrow())
          .as("largest media gap of a call")
          .isLessThanOrEqualTo(Duration.ofSeconds(1).toNanos());

      rig.hangUp();
      Poll.untilTrue(
          SETTLE, () -> "no session left: " + rig.sessions(), () -> rig.sessions().isEmpty());
      Poll.untilTrue(
          SETTLE, () -> "only node keys left, DBSIZE " + rig.dbSize(), () -> rig.dbSize() == 2);
      assertThat(rig.redis.command("EXISTS " + NODE + "heartbeat " + NODE + "marker:0"))
          .isEqualTo(":2");
      Poll.untilTrue(
          SETTLE,
          () -> "no proxy call left: " + rig.product.proxy().calls(),
          () -> rig.product.proxy().calls().isEmpty());
      assertThat(standby.isAlive()).isTrue();
    }
  }

  @Test
  void aRedisKilledAndRestartedDisturbsNoCall() throws Exception {
    try (Rig rig = new Rig("redis-restart")) {
      rig.relay(0);
      rig.awaitNg();
      rig.startCalls();
      Poll.untilTrue(
          SETTLE,
          () -> "every call in Redis, DBSIZE " + rig.dbSize(),
          () -> rig.dbSize() == CALLS + 2);
      Thread.sleep(1000);
      long lostBefore = metric(HTTP[0], "isthmus_relay_redis_state_lost_total");

      rig.media.windowStart = System.nanoTime();
      rig.redis.kill();
      Thread.sleep(2000);
      rig.redis.restart();
      long back = System.nanoTime();
      Poll.untilTrue(
          SETTLE,
          () -> "every call back in Redis, DBSIZE " + rig.dbSize(),
          () -> rig.dbSize() == CALLS + 2);
      long rewrittenAfter = System.nanoTime() - back;
      Thread.sleep(1000);
      rig.media.windowEnd = System.nanoTime();
      assertThat(metric(HTTP[0], "isthmus_relay_redis_state_lost_total")).isGreaterThan(lostBefore);
      assertThat(rig.sessions()).hasSize(CALLS);
      List<Long> gaps = new ArrayList<>();
      for (int c = 0; c < CALLS; c++) {
        long gap = 0;
        for (HaMedia.Stream s : rig.media.streams(c)) {
          gap = Math.max(gap, s.maxGap);
        }
        gaps.add(gap);
      }
      report("redis-restart", gaps, String.format(" rewritten-after=%.0fms", rewrittenAfter / 1e6));
      // 20 ms between packets; anything near that is no disturbance (a loaded 2-core host adds
      // scheduling noise, nothing near the seconds Redis was away).
      assertThat(gaps.stream().mapToLong(Long::longValue).max().orElseThrow())
          .as("largest media gap of a call while Redis was away")
          .isLessThan(Duration.ofMillis(500).toNanos());

      rig.hangUp();
      Poll.untilTrue(
          SETTLE, () -> "no session left: " + rig.sessions(), () -> rig.sessions().isEmpty());
      Poll.untilTrue(
          SETTLE, () -> "only node keys left, DBSIZE " + rig.dbSize(), () -> rig.dbSize() == 2);
    }
  }

  // ---- the rig --------------------------------------------------------------------------------

  /** Redis, relay processes, gateways, caller, the proxy and the media, closed in reverse. */
  private static final class Rig implements AutoCloseable {
    final Path dir;
    final RedisServerProcess redis;
    final List<ExternalProcess> relays = new ArrayList<>();
    final TestUserAgent[] gateways = new TestUserAgent[2];
    final TestUserAgent caller;
    final Product product;
    HaMedia media;

    Rig(String name) throws Exception {
      dir = ProxyInterop.freshDir("relay-ha-" + name);
      redis = RedisServerProcess.start(dir.resolve("redis"), REDIS, "");
      TestUserAgent c = null;
      Product p = null;
      try {
        for (int i = 0; i < 2; i++) {
          String ip = "127.0.2.1" + (i + 1);
          gateways[i] = TestUserAgent.bind("gw" + i, ip, GATEWAY);
          gateways[i].script(
              TestUserAgent.Script.answer(HaMedia.sdp(ip, GATEWAY_AUDIO, GATEWAY_VIDEO)));
        }
        c = TestUserAgent.bind("alice", "127.0.1.100", CALLER);
        p = Product.start(config(dir), Product.Roles.PROXY);
      } catch (Exception | Error e) {
        if (c != null) {
          c.close();
        }
        closeRest();
        throw e;
      }
      caller = c;
      product = p;
    }

    ExternalProcess relay(int i) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command =
          List.of(
              java,
              "-Xmx256m",
              "-XX:+UseSerialGC",
              "-cp",
              System.getProperty("java.class.path"),
              "io.isthmus.app.Isthmus",
              "relay",
              "--interface=public/127.0.1.1",
              "--interface=private/127.0.2.1",
              "--listen-ng=127.0.0.1:" + NG,
              "--port-min=" + PORT_MIN,
              "--port-max=" + PORT_MAX,
              "--delete-delay=0",
              "--num-threads=1",
              "--redis=127.0.0.1:" + REDIS + "/0",
              "--redis-heartbeat=" + HEARTBEAT_MS,
              "--listen-http=127.0.0.1:" + HTTP[i]);
      ExternalProcess r =
          ExternalProcess.start("relay-" + i, command, dir, dir.resolve("relay-" + i + ".log"));
      relays.add(r);
      return r;
    }

    /** Waits for the NG address to answer a ping; returns when it first did. */
    long awaitNg() throws Exception {
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        s.setSoTimeout(5);
        byte[] buf = new byte[1500];
        InetSocketAddress ng = new InetSocketAddress(InetAddress.getLoopbackAddress(), NG);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        for (int i = 0; System.nanoTime() - deadline < 0; i++) {
          byte[] ping = ("p" + i + " d7:command4:pinge").getBytes(StandardCharsets.US_ASCII);
          s.send(new DatagramPacket(ping, ping.length, ng));
          try {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            s.receive(in);
            if (new String(buf, 0, in.getLength(), StandardCharsets.US_ASCII).contains("pong")) {
              return System.nanoTime();
            }
          } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
            // not yet
          }
        }
        throw new AssertionError("no pong from " + ng + "\n" + logs());
      }
    }

    /** Places the calls one after another, then starts their media. */
    void startCalls() throws Exception {
      SplitDeployment.awaitProbes(product, SETTLE);
      awaitNodeUp();
      media = new HaMedia(CALLER, List.of("127.0.2.11", "127.0.2.12"), GATEWAY_AUDIO);
      media.place(caller, gateways, new InetSocketAddress("127.0.1.1", SIP), "ha", CALLS);
      media.start();
    }

    /** The proxy's circuit for the relay node is closed (it probes every 50 ms). */
    void awaitNodeUp() throws Exception {
      Poll.untilTrue(
          SETTLE,
          () -> "the relay node up: " + product.proxy().relayNodes(),
          () -> product.proxy().relayNodes().getFirst().up());
    }

    void hangUp() throws Exception {
      awaitNodeUp();
      assertThat(media.hangUp(caller, SETTLE)).as("BYEs answered 200").isEqualTo(CALLS);
      media.close();
    }

    List<String> sessions() {
      return List.copyOf(SplitDeployment.sessions(new InetSocketAddress("127.0.0.1", NG)));
    }

    long dbSize() {
      try {
        return redis.dbSize();
      } catch (IOException e) {
        return -1;
      }
    }

    String logs() {
      StringBuilder b = new StringBuilder();
      for (ExternalProcess r : relays) {
        b.append(r.logTail(20)).append('\n');
      }
      return b.toString();
    }

    private void closeRest() {
      for (TestUserAgent g : gateways) {
        if (g != null) {
          g.close();
        }
      }
      redis.close();
    }

    @Override
    public void close() {
      if (media != null) {
        media.close();
      }
      for (ExternalProcess r : relays) {
        r.close();
      }
      if (product != null) {
        product.close();
      }
      caller.close();
      closeRest();
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static long metric(int httpPort, String name) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(r.body());
      return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void report(String name, List<Long> gaps, String extra) {
    HaMedia.report("relay-ha", name, gaps, extra);
  }

  private static IsthmusConfig config(Path dir) throws Exception {
    return SplitDeployment.config(dir, SIP, GATEWAY, ADMIN, NG, "1000ms", "1s");
  }
}
