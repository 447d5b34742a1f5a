package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.interop.Templates;
import io.isthmus.testkit.RedisServerProcess;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code isthmus run} (proxy and in-process relay, one process of its own) with {@code ha:} on
 * Redis: the proxy's dialogs and the relay's calls both in Redis, audio+video calls with RTP both
 * ways ({@link HaMedia}).
 *
 * <ul>
 *   <li>{@link #aKilledRunCarriesItsCallsMediaOnAfterRestart}: SIGKILL with 50 calls up, the same
 *       config started again: it restores the 50 relay calls (same ports, learned sources) before
 *       the proxy reads its 50 dialogs back, media flows again on every stream, every BYE is routed
 *       to the gateway and answered, and afterwards no session, no call and no call or dialog key
 *       is left (DBSIZE = the four node keys).
 *   <li>{@link #aSentinelFailoverDisturbsNoCall}: Redis as a Sentinel set (master, replica,
 *       sentinel: real processes); the master is SIGKILLed with 20 calls up, the sentinel promotes
 *       the replica: media never stops, the new master holds every live call and dialog, calls set
 *       up after the failover are written there, and the hang-ups delete every key there.
 * </ul>
 */
class RunHaTest {
  private static final Logger LOG = LoggerFactory.getLogger(RunHaTest.class);

  private static final int SIP = 27800;
  private static final int CALLER = 27801; // its audio 27802, video 27804 (HaMedia)
  private static final int GATEWAY = 27790; // its audio 27792, video 27794
  private static final int ADMIN = 27810;
  private static final int NG = 27811;
  private static final int REDIS = 27812;
  private static final int REPLICA = 27813;
  private static final int SENTINEL = 27814;
  private static final int PORT_MIN = 24000;
  private static final int PORT_MAX = 24799;
  private static final String NODE = "run-a";
  private static final String RELAY_CALLS = "isthmus:relay:" + NODE + ":call:*";
  private static final String DIALOGS = "isthmus:proxy:" + NODE + ":dialog:*";

  /** Proxy marker and route key, relay heartbeat and writer marker. */
  private static final int NODE_KEYS = 4;

  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final String GATEWAY_IP = "127.0.2.11";

  @Test
  void aKilledRunCarriesItsCallsMediaOnAfterRestart() throws Exception {
    int calls = 50;
    Path dir = ProxyInterop.freshDir("ha-run-restart");
    List<AutoCloseable> open = new ArrayList<>();
    try {
      RedisServerProcess redis = RedisServerProcess.start(dir.resolve("redis"), REDIS, "");
      open.add(redis);
      TestUserAgent[] gateways = {gateway(open)};
      TestUserAgent caller = TestUserAgent.bind("caller", HaMedia.CALLER_IP, CALLER);
      open.add(caller);
      Path config = config(dir, "127.0.0.1:" + REDIS);

      IsthmusProcess first = run(dir, "run-1", config);
      open.add(first);
      first.awaitReady(ADMIN, START);
      HaMedia media = new HaMedia(CALLER, List.of(GATEWAY_IP), GATEWAY + 2);
      open.add(media);
      media.place(caller, gateways, new InetSocketAddress("127.0.1.1", SIP), "run-ha", calls);
      media.start();
      Poll.untilTrue(
          SETTLE,
          () -> "every call and dialog in Redis: " + keys(REDIS),
          () -> count(REDIS, RELAY_CALLS) == calls && count(REDIS, DIALOGS) == calls);
      long before = System.nanoTime();
      Thread.sleep(1500); // media both ways, sources learned and locked, the locks written
      media.assertFlowingAfter(before, "before the kill");

      long killedAt = System.nanoTime();
      media.windowStart = killedAt;
      first.kill();
      IsthmusProcess second = run(dir, "run-2", config);
      open.add(second);
      second.awaitReady(ADMIN, START);
      long readyAt = System.nanoTime();
      Thread.sleep(2000);
      media.windowEnd = System.nanoTime();
      media.assertFlowingAfter(readyAt + Duration.ofMillis(500).toNanos(), "after the restart");

      assertThat(metric("isthmus_relay_ha_restored_calls_total")).isEqualTo(calls);
      assertThat(metric("isthmus_relay_ha_restore_failures_total")).isZero();
      assertThat(metric("isthmus_ha_dialogs_restored")).isEqualTo(calls);
      assertThat(ProxyHaRestartTest.answeredCallsAt(ADMIN)).isEqualTo(calls);
      InetSocketAddress ng = new InetSocketAddress(InetAddress.getLoopbackAddress(), NG);
      assertThat(ProxyHaRestartTest.sessions(ng)).hasSize(calls);
      HaMedia.report(
          "run-ha",
          "restart",
          media.gaps(),
          String.format(
              " kill-to-ready=%.0fms (a new JVM, its warm-up and the relay node's heartbeat TTL)",
              (readyAt - killedAt) / 1e6));

      assertThat(media.hangUp(caller, SETTLE)).as("BYEs answered 200").isEqualTo(calls);
      assertThat(HeldCalls.requestsSeen(gateways[0], "BYE"))
          .as("BYEs routed to the gateway")
          .hasSize(calls);
      media.close();
      Poll.untilTrue(
          SETTLE,
          () -> "no session left: " + sessionsQuietly(ng),
          () -> ProxyHaRestartTest.sessions(ng).isEmpty());
      Poll.untilTrue(
          SETTLE,
          () -> "no call left in the proxy",
          () -> ProxyHaRestartTest.answeredCallsAt(ADMIN) == 0);
      Poll.untilTrue(
          SETTLE,
          () -> "only the node keys left: " + keys(REDIS),
          () -> redis.dbSize() == NODE_KEYS);
    } finally {
      closeAll(open);
    }
  }

  @Test
  void aSentinelFailoverDisturbsNoCall() throws Exception {
    int calls = 20;
    int later = 5;
    Path dir = ProxyInterop.freshDir("ha-run-sentinel");
    List<AutoCloseable> open = new ArrayList<>();
    try {
      RedisSentinelSet redis =
          RedisSentinelSet.start(dir.resolve("redis"), REDIS, REPLICA, SENTINEL);
      open.add(redis);
      TestUserAgent[] gateways = {gateway(open)};
      TestUserAgent caller = TestUserAgent.bind("caller", HaMedia.CALLER_IP, CALLER);
      open.add(caller);
      IsthmusProcess run = run(dir, "run", config(dir, redis.uri()));
      open.add(run);
      run.awaitReady(ADMIN, START);
      HaMedia media = new HaMedia(CALLER, List.of(GATEWAY_IP), GATEWAY + 2);
      open.add(media);
      InetSocketAddress proxy = new InetSocketAddress("127.0.1.1", SIP);
      media.place(caller, gateways, proxy, "sentinel", calls);
      media.start();
      Poll.untilTrue(
          SETTLE,
          () -> "every call and dialog on the replica too: " + keys(REPLICA),
          () -> count(REPLICA, RELAY_CALLS) == calls && count(REPLICA, DIALOGS) == calls);
      Thread.sleep(1000);

      long killedAt = System.nanoTime();
      media.windowStart = killedAt;
      redis.killMaster();
      Poll.untilTrue(
          SETTLE,
          () -> "the sentinel to promote the replica: " + redis.sentinelInfo(),
          () -> redis.masterNow() == REPLICA);
      long promotedAt = System.nanoTime();
      Poll.untilTrue(
          SETTLE,
          () -> "both writers back on the new master",
          () ->
              metric("isthmus_relay_redis_connected") == 1
                  && metric("isthmus_ha_redis_connected") == 1);
      // calls set up after the failover are written to the new master
      media.place(caller, gateways, proxy, "after", later);
      Poll.untilTrue(
          SETTLE,
          () -> "the live calls and dialogs on the new master: " + keys(REPLICA),
          () ->
              count(REPLICA, RELAY_CALLS) == calls + later
                  && count(REPLICA, DIALOGS) == calls + later);
      long placed = System.nanoTime();
      Thread.sleep(1000);
      media.windowEnd = System.nanoTime();
      media.assertFlowingAfter(placed, "after the failover");
      List<Long> gaps = media.gaps().subList(0, calls);
      HaMedia.report(
          "run-ha",
          "sentinel-failover",
          gaps,
          String.format(" kill-to-promotion=%.0fms", (promotedAt - killedAt) / 1e6));
      assertThat(gaps.stream().mapToLong(Long::longValue).max().orElseThrow())
          .as("largest media gap of a call during the failover (packets every 20 ms)")
          .isLessThan(Duration.ofMillis(500).toNanos());
      assertThat(media.hangUp(caller, SETTLE)).as("BYEs answered 200").isEqualTo(calls + later);
      media.close();
      InetSocketAddress ng = new InetSocketAddress(InetAddress.getLoopbackAddress(), NG);
      Poll.untilTrue(
          SETTLE,
          () -> "no session left: " + sessionsQuietly(ng),
          () -> ProxyHaRestartTest.sessions(ng).isEmpty());
      Poll.untilTrue(
          SETTLE,
          () -> "only the node keys left on the new master: " + keys(REPLICA),
          () -> RedisSentinelSet.dbSize(REPLICA) == NODE_KEYS);
    } finally {
      closeAll(open);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static TestUserAgent gateway(List<AutoCloseable> open) throws Exception {
    TestUserAgent g = TestUserAgent.bind("gw", GATEWAY_IP, GATEWAY);
    g.script(TestUserAgent.Script.answer(HaMedia.sdp(GATEWAY_IP, GATEWAY + 2, GATEWAY + 4)));
    open.add(g);
    return g;
  }

  private static IsthmusProcess run(Path dir, String name, Path config) throws Exception {
    return IsthmusProcess.start(dir, name, List.of("run", "--config", config.toString()));
  }

  private static Path config(Path dir, String redis) throws Exception {
    String relay =
        "  control: in-process\n  listen-ng: 127.0.0.1:"
            + NG
            + "\n  port-min: "
            + PORT_MIN
            + "\n  port-max: "
            + PORT_MAX
            + "\n  delete-delay: 0s";
    return Templates.write(
        "proxy/ha-proxy.yaml.template",
        Map.of(
            "SIP_PORT", Integer.toString(SIP),
            "GATEWAY_PORT", Integer.toString(GATEWAY),
            "ADMIN_PORT", Integer.toString(ADMIN),
            "RELAY", relay,
            "REDIS_PORT", Integer.toString(REDIS),
            "HA", "ha:\n  redis: " + redis + "\n  node-id: " + NODE + "\n  load-timeout: 10s\n"),
        dir.resolve("isthmus.yaml"));
  }

  private static long count(int port, String pattern) {
    return RedisSentinelSet.count(port, pattern);
  }

  private static String keys(int port) {
    return "relay calls "
        + count(port, RELAY_CALLS)
        + ", dialogs "
        + count(port, DIALOGS)
        + ", DBSIZE "
        + RedisSentinelSet.dbSize(port);
  }

  private static long metric(String name) {
    Matcher m =
        Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(IsthmusProcess.get(ADMIN, "metrics"));
    return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
  }

  private static String sessionsQuietly(InetSocketAddress ng) {
    try {
      return ProxyHaRestartTest.sessions(ng).toString();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static void closeAll(List<AutoCloseable> open) {
    for (AutoCloseable c : open.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {}: {}", c, e.toString());
      }
    }
  }
}
