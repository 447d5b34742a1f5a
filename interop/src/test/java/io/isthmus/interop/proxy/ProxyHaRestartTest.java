package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.interop.NgEndpoint;
import io.isthmus.interop.Templates;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.testkit.RedisServerProcess;
import io.isthmus.testkit.TestUserAgent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A crash of the proxy with calls up (docs/ha.md, "Proxy"): {@code isthmus proxy} with {@code ha:}
 * on a redis-server the test started, driving {@code isthmus relay} over NG, both processes of
 * their own. 100 calls are set up through it and held; the proxy is SIGKILLed by its PID and
 * started again from the same config. The new process reads the dialogs back from Redis before it
 * serves: {@code /api/calls} lists all 100 as answered, the relay keeps their sessions (the
 * reconcile, every second, does not take them for orphans), and each caller's BYE is routed to the
 * gateway, answered 200 back, and deletes the call's media on the relay. Afterwards nothing is
 * left: no call in the proxy, no session in the relay, no dialog key in Redis.
 */
class ProxyHaRestartTest {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyHaRestartTest.class);

  static final int SIP = 27680;
  static final int GATEWAY = 27670;
  static final int CALLER = 27681;
  static final int ADMIN = 27690;
  static final int NG = 27620;
  static final int REDIS = 27640;
  static final int PORT_MIN = 32000;
  static final int PORT_MAX = 32699;
  private static final int CALLS = 100;
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration SETTLE = Duration.ofSeconds(30);
  static final String SDP =
      "v=0\no=gw 1 1 IN IP4 127.0.2.11\ns=-\nc=IN IP4 127.0.2.11\nt=0 0\nm=audio 27672 RTP/AVP"
          + " 0\n";

  @Test
  void aKilledProxyCarriesItsDialogsOnAfterRestart() throws Exception {
    Path dir = ProxyInterop.freshDir("ha-proxy-restart");
    List<AutoCloseable> open = new ArrayList<>();
    try {
      RedisServerProcess redis = RedisServerProcess.start(dir.resolve("redis"), REDIS, "");
      open.add(redis);
      IsthmusProcess relay = relay(dir, "relay", NG, PORT_MIN, PORT_MAX);
      open.add(relay);
      InetSocketAddress ng = new InetSocketAddress(InetAddress.getLoopbackAddress(), NG);
      Poll.untilTrue(START, () -> "the relay's NG socket\n" + relay.logTail(), () -> pongs(ng));
      TestUserAgent gateway = TestUserAgent.bind("gw", "127.0.2.11", GATEWAY);
      gateway.script(TestUserAgent.Script.answer(SDP));
      open.add(gateway);
      TestUserAgent caller = TestUserAgent.bind("caller", "127.0.1.100", CALLER);
      open.add(caller);
      Path config = config(dir, List.of(NG), "");

      IsthmusProcess first = proxy(dir, "proxy-1", config);
      open.add(first);
      first.awaitReady(ADMIN, START);
      HeldCalls calls =
          new HeldCalls(caller, new InetSocketAddress("127.0.1.1", SIP), "ha-restart");
      calls.place(CALLS, SETTLE);
      assertThat(answeredCalls()).as("answered calls in /api/calls").isEqualTo(CALLS);
      assertThat(sessions(ng)).as("relay sessions").hasSize(CALLS);
      // every dialog key written (plus the writer's marker and the route key)
      Poll.untilTrue(SETTLE, () -> "100 dialog keys in Redis", () -> redis.dbSize() == CALLS + 2);

      first.kill();
      assertThat(first.isAlive()).isFalse();
      IsthmusProcess second = proxy(dir, "proxy-2", config);
      open.add(second);
      second.awaitReady(ADMIN, START);
      assertThat(answeredCalls()).as("calls carried on, in /api/calls").isEqualTo(CALLS);
      assertThat(IsthmusProcess.get(ADMIN, "api/calls")).contains(calls.callIds().getFirst());
      assertThat(sessions(ng)).as("relay sessions after the restart").hasSize(CALLS);

      Set<String> byesOk = calls.hangUp(SETTLE);
      Set<String> byesAtGateway = HeldCalls.requestsSeen(gateway, "BYE");
      LOG.warn(
          "proxy-ha-restart: calls={} byes-at-gateway={} bye-200-at-caller={}",
          CALLS,
          byesAtGateway.size(),
          byesOk.size());
      assertThat(byesAtGateway).as("BYEs that reached the gateway").hasSize(CALLS);
      assertThat(byesOk).as("BYEs answered 200 back to the caller").hasSize(CALLS);
      Poll.untilTrue(
          SETTLE,
          () -> "no relay session left: " + sessionsQuietly(ng),
          () -> sessions(ng).isEmpty());
      Poll.untilTrue(SETTLE, () -> "no call left in the proxy", () -> answeredCalls() == 0);
      Poll.untilTrue(SETTLE, () -> "no dialog key left in Redis", () -> redis.dbSize() == 2);
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

  static IsthmusProcess relay(Path dir, String name, int ngPort, int min, int max)
      throws IOException {
    return IsthmusProcess.start(
        dir,
        name,
        List.of(
            "relay",
            "--interface",
            "public/127.0.1.1",
            "--interface",
            "private/127.0.2.1",
            "--listen-ng",
            "127.0.0.1:" + ngPort,
            "--port-min",
            Integer.toString(min),
            "--port-max",
            Integer.toString(max),
            "--delete-delay",
            "0",
            "--foreground",
            "--log-stderr"));
  }

  static IsthmusProcess proxy(Path dir, String name, Path config) throws IOException {
    return IsthmusProcess.start(dir, name, List.of("proxy", "--config", config.toString()));
  }

  /** The proxy's config; {@code haExtra} adds keys below {@code ha:} (indented by two). */
  static Path config(Path dir, List<Integer> ngPorts, String haExtra) throws IOException {
    StringBuilder relay = new StringBuilder("  control: ng\n  nodes:\n");
    for (int p : ngPorts) {
      relay.append("    - address: 127.0.0.1:").append(p).append('\n');
    }
    relay.append("  reconcile-interval: 1s\n  delete-delay: 0s");
    return config(dir, relay.toString(), SIP, GATEWAY, haExtra);
  }

  /** The config with {@code relay} as the relay section's body. */
  static Path config(Path dir, String relay, int sipPort, int gatewayPort, String haExtra)
      throws IOException {
    return Templates.write(
        "proxy/ha-proxy.yaml.template",
        Map.of(
            "SIP_PORT", Integer.toString(sipPort),
            "GATEWAY_PORT", Integer.toString(gatewayPort),
            "ADMIN_PORT", Integer.toString(ADMIN),
            "RELAY", relay,
            "REDIS_PORT", Integer.toString(REDIS),
            "HA",
                "ha:\n  redis: 127.0.0.1:"
                    + REDIS
                    + "\n  node-id: test-proxy\n  load-timeout: 10s\n"
                    + haExtra),
        dir.resolve("isthmus.yaml"));
  }

  private static final Pattern ANSWERED = Pattern.compile("\"state\"\\s*:\\s*\"answered\"");

  /** Answered calls as /api/calls lists them. */
  static int answeredCalls() {
    return answeredCallsAt(ADMIN);
  }

  /** Answered calls as /api/calls on admin port {@code admin} lists them. */
  static int answeredCallsAt(int admin) {
    Matcher m = ANSWERED.matcher(IsthmusProcess.get(admin, "api/calls"));
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  static boolean pongs(InetSocketAddress ng) {
    try (NgEndpoint e = NgEndpoint.of(ng)) {
      return e.call(BDict.builder().put("command", "ping").build()).isSuccess();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static List<String> sessions(InetSocketAddress ng) throws IOException {
    try (NgEndpoint e = NgEndpoint.of(ng)) {
      var list = e.call(BDict.builder().put("command", "list").put("limit", "10000").build());
      List<String> out = new ArrayList<>();
      if (list.body().get("calls") instanceof BList c) {
        c.forEach(v -> out.add(v.toString()));
      }
      return out;
    }
  }

  private static String sessionsQuietly(InetSocketAddress ng) {
    try {
      return sessions(ng).toString();
    } catch (IOException e) {
      return e.toString();
    }
  }
}
