package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testkit.ExternalProcess;
import io.isthmus.testkit.RedisServerProcess;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ctl relay drain} with two active relays: {@code isthmus proxy} (with {@code ha:} on a
 * redis-server the test started) drives two {@code isthmus relay} processes, A and B, of weight 1
 * each. 40 calls are split exactly as the Call-ID hash predicts ({@code floorMod(hashCode, 2)}: 0
 * to A, 1 to B); after {@code ctl relay drain A} every new call goes to B while A keeps its calls;
 * the proxy SIGKILLed and started again keeps A drained (the drain is in Redis) and still sends
 * every new call to B; {@code ctl relay drain A --wait} waits while A has calls and reports it
 * drained once their BYEs are through.
 */
class RelayDrainInteropTest {
  private static final Logger LOG = LoggerFactory.getLogger(RelayDrainInteropTest.class);

  private static final int NG_A = 27621;
  private static final int NG_B = 27622;
  // as /api/relays and ctl relays name them (the address's InetSocketAddress form)
  private static final String A = "/127.0.0.1:" + NG_A;
  private static final String B = "/127.0.0.1:" + NG_B;
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration SETTLE = Duration.ofSeconds(30);

  @Test
  void aDrainedNodeGetsNoNewCallAndIsReportedDrainedAfterItsByes() throws Exception {
    Path dir = ProxyInterop.freshDir("relay-drain");
    List<AutoCloseable> open = new ArrayList<>();
    try {
      RedisServerProcess redis =
          RedisServerProcess.start(dir.resolve("redis"), ProxyHaRestartTest.REDIS, "");
      open.add(redis);
      IsthmusProcess relayA = ProxyHaRestartTest.relay(dir, "relay-a", NG_A, 32000, 32349);
      open.add(relayA);
      IsthmusProcess relayB = ProxyHaRestartTest.relay(dir, "relay-b", NG_B, 32350, 32699);
      open.add(relayB);
      InetSocketAddress ngA = new InetSocketAddress(InetAddress.getLoopbackAddress(), NG_A);
      InetSocketAddress ngB = new InetSocketAddress(InetAddress.getLoopbackAddress(), NG_B);
      Poll.untilTrue(START, () -> "relay A's NG\n" + relayA.logTail(), () -> pongs(ngA));
      Poll.untilTrue(START, () -> "relay B's NG\n" + relayB.logTail(), () -> pongs(ngB));
      TestUserAgent gateway = TestUserAgent.bind("gw", "127.0.2.11", ProxyHaRestartTest.GATEWAY);
      gateway.script(TestUserAgent.Script.answer(ProxyHaRestartTest.SDP));
      open.add(gateway);
      TestUserAgent caller = TestUserAgent.bind("caller", "127.0.1.100", ProxyHaRestartTest.CALLER);
      open.add(caller);
      Path config = ProxyHaRestartTest.config(dir, List.of(NG_A, NG_B), "");
      IsthmusProcess first = ProxyHaRestartTest.proxy(dir, "proxy-1", config);
      open.add(first);
      first.awaitReady(ProxyHaRestartTest.ADMIN, START);
      InetSocketAddress proxy = new InetSocketAddress("127.0.1.1", ProxyHaRestartTest.SIP);
      Poll.untilTrue(SETTLE, () -> "both nodes up: " + relays(), () -> state(A).equals("up"));
      Poll.untilTrue(SETTLE, () -> "both nodes up: " + relays(), () -> state(B).equals("up"));

      // 40 calls, split by the hash
      HeldCalls split = new HeldCalls(caller, proxy, "split");
      split.place(40, SETTLE);
      Set<String> onA = new TreeSet<>();
      Set<String> onB = new TreeSet<>();
      for (String id : split.callIds()) {
        (Math.floorMod(id.hashCode(), 2) == 0 ? onA : onB).add(id);
      }
      LOG.warn("relay-drain: 40 calls, the hash predicts {} on A, {} on B", onA.size(), onB.size());
      assertThat(onA).isNotEmpty();
      assertThat(onB).isNotEmpty();
      assertThat(sessionIds(ngA)).isEqualTo(onA);
      assertThat(sessionIds(ngB)).isEqualTo(onB);
      assertThat(calls(A)).isEqualTo(onA.size());

      // drain A: every new call to B, A keeps its own
      Ctl drain = ctl(dir, "ctl-drain", "relay", "drain", A);
      assertThat(drain.exit()).isZero();
      assertThat(drain.output())
          .contains(
              "relay node " + A + " draining: no new calls; " + onA.size() + " call(s) on it");
      assertThat(state(A)).isEqualTo("draining");
      HeldCalls after = new HeldCalls(caller, proxy, "after-drain");
      after.place(20, SETTLE);
      Set<String> onBNow = new TreeSet<>(onB);
      onBNow.addAll(after.callIds());
      assertThat(sessionIds(ngA)).isEqualTo(onA);
      assertThat(sessionIds(ngB)).isEqualTo(onBNow);

      // a restarted proxy keeps A drained: the drain is in Redis
      first.kill();
      IsthmusProcess second = ProxyHaRestartTest.proxy(dir, "proxy-2", config);
      open.add(second);
      second.awaitReady(ProxyHaRestartTest.ADMIN, START);
      assertThat(state(A)).isEqualTo("draining");
      assertThat(calls(A)).isEqualTo(onA.size()); // its restored dialogs are still on it
      HeldCalls restarted = new HeldCalls(caller, proxy, "after-restart");
      restarted.place(10, SETTLE);
      onBNow.addAll(restarted.callIds());
      assertThat(sessionIds(ngA)).isEqualTo(onA);
      assertThat(sessionIds(ngB)).isEqualTo(onBNow);

      // --wait: waits while A has calls, reports it drained once they are hung up
      Ctl waiting = ctlStart(dir, "ctl-wait", "relay", "drain", A, "--wait", "--poll", "100");
      Thread.sleep(1000);
      assertThat(waiting.process.isAlive()).as("ctl --wait while A has calls").isTrue();
      assertThat(split.hangUp(SETTLE)).hasSize(40);
      assertThat(waiting.process.waitFor(SETTLE)).isZero();
      assertThat(waiting.output()).contains("relay node " + A + " drained: no call left on it");
      assertThat(sessionIds(ngA)).isEmpty();
      assertThat(sessionIds(ngB))
          .isEqualTo(
              onBNow.stream()
                  .filter(id -> !onB.contains(id))
                  .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));

      assertThat(after.hangUp(SETTLE)).hasSize(20);
      assertThat(restarted.hangUp(SETTLE)).hasSize(10);
      Poll.untilTrue(
          SETTLE,
          () -> "no session left on B: " + sessionIdsQuietly(ngB),
          () -> sessionIds(ngB).isEmpty());
      // undrained, A takes calls again and its key is gone from Redis
      assertThat(ctl(dir, "ctl-undrain", "relay", "undrain", A).exit()).isZero();
      assertThat(state(A)).isEqualTo("up");
      Poll.untilTrue(
          SETTLE,
          () -> "the drain key deleted",
          () -> redis.command("EXISTS isthmus:proxy:test-proxy:drain:" + A).equals(":0"));
    } finally {
      for (AutoCloseable c : open.reversed()) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing {}: {}", c, e.toString());
        }
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private record Ctl(ExternalProcess process, Path log) {
    int exit() throws InterruptedException {
      return process.waitFor(Duration.ofSeconds(60));
    }

    String output() throws java.io.IOException {
      return Files.readString(log);
    }
  }

  private static Ctl ctl(Path dir, String name, String... args) throws Exception {
    Ctl c = ctlStart(dir, name, args);
    c.exit();
    return c;
  }

  private static Ctl ctlStart(Path dir, String name, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx128m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            "io.isthmus.app.Isthmus",
            "ctl",
            "--admin",
            "http://127.0.0.1:" + ProxyHaRestartTest.ADMIN + "/"));
    command.addAll(List.of(args));
    Path log = dir.resolve(name + ".log");
    return new Ctl(ExternalProcess.start(name, command, dir, log), log);
  }

  private static final Pattern NODE =
      Pattern.compile("\\{[^{}]*\"address\"\\s*:\\s*\"([^\"]+)\"[^{}]*\\}", Pattern.DOTALL);

  private static String relays() {
    return IsthmusProcess.get(ProxyHaRestartTest.ADMIN, "api/relays");
  }

  private static String node(String address) {
    Matcher m = NODE.matcher(relays());
    while (m.find()) {
      if (m.group(1).equals(address)) {
        return m.group();
      }
    }
    return "";
  }

  /** The node's state in /api/relays: up, draining or down. */
  private static String state(String address) {
    Matcher m = Pattern.compile("\"state\"\\s*:\\s*\"(\\w+)\"").matcher(node(address));
    return m.find() ? m.group(1) : "";
  }

  private static int calls(String address) {
    Matcher m = Pattern.compile("\"calls\"\\s*:\\s*(\\d+)").matcher(node(address));
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static boolean pongs(InetSocketAddress ng) {
    return ProxyHaRestartTest.pongs(ng);
  }

  /** The Call-IDs of the relay's sessions. */
  private static Set<String> sessionIds(InetSocketAddress ng) throws Exception {
    Set<String> ids = new TreeSet<>();
    for (String s : ProxyHaRestartTest.sessions(ng)) {
      ids.add(s.replaceAll("^\"|\"$", ""));
    }
    return ids;
  }

  private static String sessionIdsQuietly(InetSocketAddress ng) {
    try {
      return sessionIds(ng).toString();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
