package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.wiring.Product;
import io.isthmus.testkit.RedisServerProcess;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis crashes under load (docs/ha.md, "Proxy"): {@code isthmus run} (in this JVM, relay in
 * process) with {@code ha:} on a redis-server the test started; sipp places 1,500 calls at 100
 * calls/s (audio and video, 1 s each) while 20 calls placed before are held. Redis is SIGKILLed by
 * its PID after 300 calls and started again, empty, 300 calls later. No call is disturbed (sipp: 0
 * failed, every call successful), and once Redis is back the proxy writes what it lost again: the
 * 20 held dialogs are in Redis (20 dialog keys; the relay's calls are there too) although Redis
 * lost every key, and leave it when they are hung up.
 */
class ProxyHaRedisRestartTest {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyHaRedisRestartTest.class);

  private static final int CALLS = 1500;
  private static final int RATE = 100;
  private static final int HELD = 20;
  private static final Duration SETTLE = Duration.ofSeconds(60);

  @Test
  void redisKilledAndRestartedDuringARunDisturbsNoCall() throws Exception {
    Path dir = ProxyInterop.freshDir("ha-redis-restart");
    List<AutoCloseable> open = new ArrayList<>();
    try {
      RedisServerProcess redis =
          RedisServerProcess.start(dir.resolve("redis"), ProxyHaRestartTest.REDIS, "");
      open.add(redis);
      Sipp gateway =
          Sipp.gateway(dir, ProxyInterop.PRIVATE_GATEWAY_1, ProxyInterop.Side.PRIVATE.proxy);
      open.add(gateway);
      String relay =
          "  control: in-process\n  listen-ng: 127.0.0.1:"
              + ProxyHaRestartTest.NG
              + "\n  port-min: "
              + ProxyHaRestartTest.PORT_MIN
              + "\n  port-max: "
              + ProxyHaRestartTest.PORT_MAX
              + "\n  delete-delay: 0s";
      Path file =
          ProxyHaRestartTest.config(
              dir,
              relay,
              ProxyInterop.PROXY_SIP,
              ProxyInterop.GATEWAY_SIP,
              "  marker-interval: 200ms\n");
      Product product =
          switch (ConfigLoader.load(file)) {
            case ConfigResult.Valid v -> Product.start(v.config(), Product.Roles.PROXY_AND_RELAY);
            case ConfigResult.Invalid i ->
                throw new AssertionError("test config refused: " + i.errors());
          };
      open.add(product);
      Poll.untilTrue(
          SETTLE,
          () -> "a 200 to the gateway probes",
          () ->
              product.dispatcher().status().stream()
                  .filter(s -> s.gateway().setId() == 2)
                  .allMatch(s -> s.lastProbeStatus() == 200));

      TestUserAgent holder = TestUserAgent.bind("holder", "127.0.1.101", 27682);
      open.add(holder);
      HeldCalls held =
          new HeldCalls(
                  holder,
                  new InetSocketAddress(ProxyInterop.Side.PUBLIC.proxy, ProxyInterop.PROXY_SIP),
                  "ha-held")
              .withVideo();
      held.place(HELD, SETTLE);
      // isthmus run with ha: keeps its relay's calls in Redis too: count the dialog keys
      Poll.untilTrue(
          SETTLE,
          () -> "the held dialogs in Redis: " + dbSize(redis),
          () -> dialogKeys(redis) == HELD);

      Sipp caller =
          Sipp.caller(
              dir,
              "caller",
              "proxy/uac.xml",
              Map.of(
                  "RELAY_IF_RE", ProxyInterop.Side.PUBLIC.proxyRegex(),
                  "RTP_PORT", Integer.toString(ProxyInterop.CALLER_RTP),
                  "VIDEO_PORT", Integer.toString(ProxyInterop.CALLER_VIDEO),
                  "CALL_MS", "1000"),
              ProxyInterop.Side.PUBLIC.caller,
              ProxyInterop.Side.PUBLIC.proxy,
              CALLS,
              RATE);
      open.add(caller);
      Supplier<String> logs = () -> caller.diagnosis() + gateway.diagnosis();
      Poll.untilTrue(
          SETTLE, () -> "300 calls through" + logs.get(), () -> successful(caller) >= 300);
      redis.kill();
      long killedAt = successful(caller);
      Poll.untilTrue(
          SETTLE,
          () -> "300 calls through with Redis down" + logs.get(),
          () -> successful(caller) >= killedAt + 300);
      assertThat(product.ha().stats().writer().connected())
          .as("writer while Redis is down")
          .isFalse();
      redis.restart();
      long restartedAt = successful(caller);

      assertThat(caller.waitFor(SETTLE)).as(() -> "caller's exit code" + logs.get()).isZero();
      SippStats stats = caller.stats().orElseThrow();
      LOG.warn(
          "proxy-ha-redis-restart: calls={} successful={} failed={} redis-killed-after={}"
              + " restarted-after={} state-lost={} failed-batches={} refused={}",
          CALLS,
          stats.successful(),
          stats.failed(),
          killedAt,
          restartedAt,
          product.ha().stats().writer().stateLost(),
          product.ha().stats().writer().failedBatches(),
          product.ha().stats().writer().refused());
      assertThat(stats.successful()).as(() -> stats + logs.get()).isEqualTo(CALLS);
      assertThat(stats.failed()).as(() -> stats + logs.get()).isZero();

      // Redis came back empty: the held dialogs are written again, the ended calls are not.
      Poll.untilTrue(
          SETTLE,
          () -> "the held dialogs back in Redis: " + dbSize(redis),
          () -> dialogKeys(redis) == HELD && product.ha().stats().writer().pending() == 0);
      assertThat(product.ha().stats().writer().stateLost()).isGreaterThanOrEqualTo(1);
      assertThat(product.ha().stats().dialogs()).isEqualTo(HELD);

      assertThat(held.hangUp(SETTLE)).as("held calls hung up").hasSize(HELD);
      Poll.untilTrue(
          SETTLE, () -> "no dialog key left: " + dbSize(redis), () -> dialogKeys(redis) == 0);
      Poll.untilTrue(
          SETTLE, () -> "no proxy call left", () -> product.proxy().answeredCalls() == 0);
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

  private static long successful(Sipp sipp) throws Exception {
    return sipp.stats().map(SippStats::successful).orElse(0L);
  }

  private static long dialogKeys(RedisServerProcess redis) {
    return RedisSentinelSet.count(redis.port(), "isthmus:proxy:*:dialog:*");
  }

  private static String dbSize(RedisServerProcess redis) {
    try {
      return dialogKeys(redis) + " dialog keys, DBSIZE " + redis.dbSize();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
