package io.isthmus.ha.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testkit.RedisServerProcess;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write queue against a real redis-server: writes, coalescing, outages, lost state. */
class StateWriterTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @TempDir Path dir;
  private RedisServerProcess redis;
  private RedisLink link;
  private StatefulRedisConnection<String, byte[]> reader;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServerProcess.start(dir, freePort(), "");
    link =
        RedisLink.open(
            RedisSettings.parse("127.0.0.1:" + redis.port() + "/0", Duration.ofMillis(500)));
  }

  @AfterEach
  void stop() {
    if (reader != null) {
      reader.close();
    }
    link.close();
    redis.close();
  }

  @Test
  void writesDeletesAndExpiresKeys() throws Exception {
    AtomicInteger lost = new AtomicInteger();
    try (StateWriter w =
        new StateWriter(link, "t:marker", 100, Duration.ofMillis(100), lost::incrementAndGet)) {
      assertThat(w.put("t:a", bytes("1"), Duration.ZERO)).isTrue();
      assertThat(w.put("t:b", bytes("2"), Duration.ofSeconds(60))).isTrue();
      poll(() -> w.stats().written() == 2);
      assertThat(get("t:a")).isEqualTo("1");
      assertThat(reader().sync().pttl("t:b")).isBetween(1L, 60_000L);
      assertThat(reader().sync().ttl("t:a")).isEqualTo(-1L);
      w.delete("t:a");
      poll(() -> w.stats().written() == 3);
      assertThat(reader().sync().exists("t:a")).isZero();
      assertThat(lost).hasValue(0);
    }
  }

  @Test
  void whileRedisIsDownTheLatestStateOfAKeyWaitsAndIsWrittenOnceItIsBack() throws Exception {
    AtomicInteger lost = new AtomicInteger();
    try (StateWriter w =
        new StateWriter(link, "t:marker", 100, Duration.ofMillis(100), lost::incrementAndGet)) {
      w.put("t:warm", bytes("x"), Duration.ZERO);
      poll(() -> w.stats().written() == 1);
      redis.kill();
      long writtenBefore = w.stats().written();
      for (int i = 0; i < 50; i++) {
        assertThat(w.put("t:call", bytes("v" + i), Duration.ZERO)).isTrue(); // never blocks
      }
      poll(() -> !w.stats().connected());
      assertThat(w.stats().pending()).isEqualTo(1); // 50 updates of one key coalesced
      redis.restart();
      poll(() -> lost.get() >= 1); // the restarted Redis is empty: the owner is told
      poll(() -> w.stats().pending() == 0 && w.stats().connected());
      long checks = w.stats().markerChecks();
      poll(() -> w.stats().markerChecks() >= checks + 2);
      assertThat(lost).hasValue(1); // ... once
      assertThat(get("t:call")).isEqualTo("v49");
      assertThat(w.stats().written() - writtenBefore).isEqualTo(1);
    }
  }

  @Test
  void aFlushIsNoticedThroughTheMarker() throws Exception {
    AtomicInteger lost = new AtomicInteger();
    try (StateWriter w =
        new StateWriter(link, "t:marker", 100, Duration.ofMillis(50), lost::incrementAndGet)) {
      w.put("t:a", bytes("1"), Duration.ZERO);
      poll(() -> w.stats().written() == 1);
      poll(() -> exists("t:marker"));
      assertThat(lost).hasValue(0);
      assertThat(redis.command("FLUSHALL")).isEqualTo("+OK");
      poll(() -> lost.get() == 1);
      assertThat(w.stats().stateLost()).isEqualTo(1);
    }
  }

  @Test
  void pastItsCapacityNewKeysAreRefusedCountedAndAFullRewriteIsAsked() throws Exception {
    AtomicInteger lost = new AtomicInteger();
    try (StateWriter w =
        new StateWriter(link, "t:marker", 3, Duration.ofMillis(50), lost::incrementAndGet)) {
      poll(() -> exists("t:marker"));
      redis.kill();
      poll(() -> !w.stats().connected());
      assertThat(w.put("t:1", bytes("1"), Duration.ZERO)).isTrue();
      assertThat(w.put("t:2", bytes("1"), Duration.ZERO)).isTrue();
      assertThat(w.put("t:3", bytes("1"), Duration.ZERO)).isTrue();
      assertThat(w.put("t:4", bytes("1"), Duration.ZERO)).isFalse();
      assertThat(w.put("t:1", bytes("2"), Duration.ZERO)).isTrue(); // a waiting key still updates
      assertThat(w.stats().refused()).isEqualTo(1);
      redis.restart();
      poll(() -> w.stats().pending() == 0 && w.stats().connected());
      poll(() -> lost.get() >= 1);
      long checks = w.stats().markerChecks();
      poll(() -> w.stats().markerChecks() >= checks + 2); // later checks ask for no more rewrites
      assertThat(lost).hasValue(1); // the lost marker and the refusals: one rewrite
      assertThat(w.stats().stateLost()).isEqualTo(1);
      assertThat(get("t:1")).isEqualTo("2");
    }
  }

  private StatefulRedisConnection<String, byte[]> reader() {
    if (reader == null) {
      reader = link.connect();
    }
    return reader;
  }

  private String get(String key) {
    byte[] v = reader().sync().get(key);
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  private boolean exists(String key) {
    try {
      return redis.command("EXISTS " + key).equals(":1");
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void poll(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
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
