package io.isthmus.ha.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ha.TcpForwarder;
import io.isthmus.ha.redis.RedisLink;
import io.isthmus.ha.redis.RedisSettings;
import io.isthmus.proxy.core.DialogReplica;
import io.isthmus.testkit.RedisServerProcess;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's dialogs against a real redis-server: written, refreshed, deleted, read back. */
class ProxyReplicationTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @TempDir Path dir;
  private RedisServerProcess redis;
  private RedisLink reader;
  private StatefulRedisConnection<String, byte[]> connection;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServerProcess.start(dir, freePort(), "");
    reader = RedisLink.open(redisSettings(redis.port()));
    connection = reader.connect();
  }

  @AfterEach
  void stop() {
    connection.close();
    reader.close();
    redis.close();
  }

  private static RedisSettings redisSettings(int port) {
    return RedisSettings.parse("127.0.0.1:" + port, Duration.ofMillis(500));
  }

  private ProxyHaSettings settings(int port, Duration loadTimeout) {
    return new ProxyHaSettings(
        redisSettings(port),
        "edge-a",
        Duration.ofSeconds(60),
        1000,
        Duration.ofMillis(100),
        loadTimeout);
  }

  private static final String KEY = "isthmus:proxy:edge-a:dialog:";

  @Test
  void answeredDialogsAreWrittenWithATtlRefreshedAndDeletedWhenTheyEnd() throws Exception {
    try (ProxyReplication r = ProxyReplication.start(settings(redis.port(), DEADLINE))) {
      assertThat(r.restored()).isEmpty();
      assertThat(r.stats().loaded()).isTrue();
      DialogReplica d = DialogCodecTest.dialog("c1", System.currentTimeMillis() + 30_000);
      r.answered(d);
      String key = KEY + "c1:b-c1";
      poll(() -> connection.sync().exists(key) == 1);
      assertThat(DialogCodec.decode(connection.sync().get(key))).isEqualTo(d);
      // the dialog's 30 s plus the 60 s margin
      assertThat(connection.sync().pttl(key)).isBetween(80_000L, 90_000L);

      r.refreshed("c1", "b-c1", 7, 3, 1_800_000, System.currentTimeMillis() + 1_800_000);
      poll(() -> decode(key).caller().cseq() == 7);
      assertThat(decode(key).callee().cseq()).isEqualTo(3);
      assertThat(decode(key).intervalMillis()).isEqualTo(1_800_000);
      assertThat(connection.sync().pttl(key)).isGreaterThan(1_800_000L);

      r.ended("c1", "b-c1");
      poll(() -> connection.sync().exists(key) == 0);
      assertThat(r.stats().dialogs()).isZero();
      // left: the writer's marker and the route key
      assertThat(redis.dbSize()).isEqualTo(2);
    }
  }

  @Test
  void aNewProcessOfTheNodeReadsItsDialogsBackWithTheSameRouteKey() throws Exception {
    byte[] key;
    try (ProxyReplication first = ProxyReplication.start(settings(redis.port(), DEADLINE))) {
      key = first.routeKey();
      for (int i = 0; i < 3; i++) {
        first.answered(DialogCodecTest.dialog("k" + i, System.currentTimeMillis() + 60_000));
      }
      poll(() -> first.stats().writer().written() == 3);
    }
    // another node's dialog is not ours to carry on
    try (ProxyReplication other =
        ProxyReplication.start(
            new ProxyHaSettings(
                redisSettings(redis.port()),
                "edge-b",
                Duration.ofSeconds(60),
                1000,
                Duration.ofMillis(100),
                DEADLINE))) {
      other.answered(DialogCodecTest.dialog("x", System.currentTimeMillis() + 60_000));
      poll(() -> other.stats().writer().written() == 1);
      assertThat(other.routeKey()).isEqualTo(key);
    }
    try (ProxyReplication second = ProxyReplication.start(settings(redis.port(), DEADLINE))) {
      assertThat(second.restored())
          .extracting(DialogReplica::callId)
          .containsExactlyInAnyOrder("k0", "k1", "k2");
      assertThat(second.routeKey()).isEqualTo(key);
      assertThat(second.stats().dialogs()).isEqualTo(3);
    }
  }

  @Test
  void aFlushedRedisGetsEveryLiveDialogAndTheRouteKeyAgain() throws Exception {
    try (ProxyReplication r = ProxyReplication.start(settings(redis.port(), DEADLINE))) {
      for (int i = 0; i < 5; i++) {
        r.answered(DialogCodecTest.dialog("f" + i, System.currentTimeMillis() + 60_000));
      }
      poll(() -> r.stats().writer().written() == 5);
      r.ended("f4", "b-f4");
      poll(() -> r.stats().writer().written() == 6);
      assertThat(redis.command("FLUSHALL")).isEqualTo("+OK");
      poll(() -> redis.dbSize() == 4 + 2);
      assertThat(r.stats().writer().stateLost()).isEqualTo(1);
      assertThat(connection.sync().exists(KEY + "f4:b-f4")).isZero();
      assertThat(connection.sync().get("isthmus:proxy:route-key")).isEqualTo(r.routeKey());
    }
  }

  @Test
  void withoutRedisTheProxyStartsEmptyAfterTheLoadTimeout() throws Exception {
    int closed = freePort();
    try (ProxyReplication r = ProxyReplication.start(settings(closed, Duration.ofMillis(300)))) {
      assertThat(r.restored()).isEmpty();
      assertThat(r.stats().loaded()).isFalse();
      assertThat(r.routeKey()).hasSize(32);
      r.answered(DialogCodecTest.dialog("q", System.currentTimeMillis() + 60_000));
      assertThat(r.stats().writer().pending()).isEqualTo(1); // waits for a Redis
    }
  }

  @Test
  void aDrainIsKeptWithoutTtlUntilUndrainedAndReadBackByTheNextProcess() throws Exception {
    String drainA = "isthmus:proxy:edge-a:drain:127.0.0.1:22222";
    String drainB = "isthmus:proxy:edge-a:drain:127.0.0.1:22223";
    try (ProxyReplication r = ProxyReplication.start(settings(redis.port(), DEADLINE))) {
      assertThat(r.restoredDrains()).isEmpty();
      r.drained("127.0.0.1:22222", true);
      r.drained("127.0.0.1:22223", true);
      poll(() -> connection.sync().exists(drainA, drainB) == 2);
      assertThat(connection.sync().pttl(drainA)).isEqualTo(-1L); // as long as the drain
      r.drained("127.0.0.1:22223", false);
      poll(() -> connection.sync().exists(drainB) == 0);
      // a flushed Redis gets the drain back with the dialogs
      assertThat(redis.command("FLUSHALL")).isEqualTo("+OK");
      poll(() -> connection.sync().exists(drainA) == 1);
      assertThat(connection.sync().exists(drainB)).isZero();
    }
    try (ProxyReplication next = ProxyReplication.start(settings(redis.port(), DEADLINE))) {
      assertThat(next.restoredDrains()).containsExactly("127.0.0.1:22222");
      next.drained("127.0.0.1:22222", false);
      poll(() -> connection.sync().exists(drainA) == 0);
    }
    try (ProxyReplication last = ProxyReplication.start(settings(redis.port(), DEADLINE))) {
      assertThat(last.restoredDrains()).isEmpty();
    }
  }

  @Test
  void aRedisReachableOnlyAfterTheStartStillGivesTheDialogsBack() throws Exception {
    try (ProxyReplication first = ProxyReplication.start(settings(redis.port(), DEADLINE))) {
      first.answered(DialogCodecTest.dialog("late", System.currentTimeMillis() + 60_000));
      first.drained("127.0.0.1:22222", true);
      poll(() -> first.stats().writer().written() == 2);
    }
    // the proxy starts while nothing answers on the port it is given; the port opens later
    int port = freePort();
    var starting =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> ProxyReplication.start(settings(port, DEADLINE)));
    Thread.sleep(700); // several refused attempts (every 250 ms); the load timeout is 10 s
    assertThat(starting).isNotDone();
    try (TcpForwarder f = new TcpForwarder(port, redis.port())) {
      ProxyReplication r = starting.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(r.stats().loaded()).isTrue();
      assertThat(r.stats().loadAttempts()).isGreaterThan(1);
      assertThat(r.restored()).extracting(DialogReplica::callId).containsExactly("late");
      assertThat(r.restoredDrains()).containsExactly("127.0.0.1:22222");
      r.close();
      assertThat(f.accepted()).isPositive();
    }
  }

  private DialogReplica decode(String key) throws IOException {
    return DialogCodec.decode(connection.sync().get(key));
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void poll(Condition condition) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + DEADLINE);
      }
      Thread.sleep(10);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
