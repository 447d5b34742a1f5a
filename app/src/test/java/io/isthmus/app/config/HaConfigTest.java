package io.isthmus.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ha.proxy.ProxyHaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ha:}: absent is off, the shipped HA config loads, every key checked with its line. */
class HaConfigTest {
  private final ConfigLoader loader = new ConfigLoader(BrokenConfigTest.LOOPBACK_ONLY);

  private ConfigResult parse(String ha) {
    return loader.parse(
        "t.yaml", ConfigChecksTest.twoNetworks("127.0.1.1", "127.0.2.1", ha), Path.of("."));
  }

  private List<String> errors(String ha) {
    ConfigResult r = parse(ha);
    assertThat(r).isInstanceOf(ConfigResult.Invalid.class);
    return ((ConfigResult.Invalid) r).errors().stream().map(ConfigError::toString).toList();
  }

  private HaConfig valid(String ha) {
    ConfigResult r = parse(ha);
    if (r instanceof ConfigResult.Invalid i) {
      throw new AssertionError(i.errors().toString());
    }
    return ((ConfigResult.Valid) r).config().ha();
  }

  @Test
  void withoutTheSectionCallsLiveInThisProcessOnly() {
    assertThat(valid("").enabled()).isFalse();
    assertThat(ShippedConfigTest.load("isthmus.yaml").ha().enabled()).isFalse();
    assertThat(valid("").describe()).isEqualTo("ha: off (calls live in this process only)");
  }

  @Test
  void anAddressAloneTakesTheDefaults() {
    ProxyHaSettings s = valid("ha:\n  redis: 127.0.0.1:6379\n").settings();
    assertThat(s.redis().toString()).isEqualTo("127.0.0.1:6379/0");
    assertThat(s.nodeId()).isEqualTo("proxy");
    assertThat(s.ttlMargin()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.queueCapacity()).isEqualTo(100_000);
    assertThat(s.markerInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.loadTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.redis().commandTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void everyKeyAndTheRtpengineAndSentinelSyntaxes() {
    ProxyHaSettings s =
        valid(
                """
                ha:
                  redis: secret@127.0.0.1:6380/3
                  node-id: edge-a
                  command-timeout: 250ms
                  ttl-margin: 5m
                  queue-capacity: 500
                  marker-interval: 2s
                  load-timeout: 1s
                """)
            .settings();
    assertThat(s.redis().toString()).isEqualTo("127.0.0.1:6380/3");
    assertThat(s.redis().toString()).doesNotContain("secret"); // never shown
    assertThat(s.nodeId()).isEqualTo("edge-a");
    assertThat(s.redis().commandTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.ttlMargin()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.queueCapacity()).isEqualTo(500);
    assertThat(s.markerInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.loadTimeout()).isEqualTo(Duration.ofSeconds(1));
    ProxyHaSettings sentinel =
        valid("ha:\n  redis: redis-sentinel://127.0.0.1:26379,127.0.0.2:26379/0#main\n").settings();
    assertThat(sentinel.redis().toString()).isEqualTo("sentinel main via 2 sentinel(s), db 0");
  }

  @Test
  void theShippedHaConfigIsTheReferenceScenarioWithRedisOnLoopback() {
    IsthmusConfig c = ShippedConfigTest.load("isthmus-ha.yaml");
    assertThat(c.ha().enabled()).isTrue();
    assertThat(c.ha().describe())
        .isEqualTo(
            "ha: proxy dialogs in redis 127.0.0.1:6379/0 as node proxy-a (ttl margin 1m, queue"
                + " 100000 keys; the in-process relay of isthmus run: its calls, relay node"
                + " proxy-a)");
    assertThat(CallPaths.describe(c))
        .isEqualTo(CallPaths.describe(ShippedConfigTest.load("isthmus.yaml")));
  }

  @Test
  void isthmusRunsRelayReplicatesAsItsNodeOnTheSameRedis() {
    HaConfig c = ShippedConfigTest.load("isthmus-ha.yaml").ha();
    var relay = c.relaySettings(Duration.ofSeconds(30));
    assertThat(relay.node()).isEqualTo("proxy-a");
    assertThat(relay.read()).isEqualTo(c.settings().redis());
    assertThat(relay.write()).isEqualTo(c.settings().redis());
    assertThat(relay.writers()).isEqualTo(1);
    assertThat(relay.expires()).isEqualTo(Duration.ofDays(1));
    assertThat(relay.heartbeatTtl()).isEqualTo(Duration.ofSeconds(1));
    assertThat(relay.queueCapacity()).isEqualTo(100_000);
    assertThat(relay.deleteDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(relay.redisRequired()).as("serves when Redis is away at start").isFalse();
  }

  @Test
  void eachMistakeIsReportedWithItsLineAndKey() {
    assertThat(
            errors(
                """
                ha:
                  redis: 127.0.0.1
                  node-id: "a b"
                  queue-capacity: 0
                  ttl: 1m
                """))
        .containsExactly(
            "t.yaml:18: ha.node-id: a b is not a node id (expected 1 to 64 of A-Z a-z 0-9 . _ -)",
            "t.yaml:19: ha.queue-capacity: 0 is not a number of keys (expected 1-100000000)",
            "t.yaml:20: ha.ttl: unknown key (expected one of: redis, command-timeout, node-id,"
                + " ttl-margin, queue-capacity, marker-interval, load-timeout)");
    assertThat(errors("ha:\n  redis: 127.0.0.1\n"))
        .containsExactly(
            "t.yaml:17: ha.redis: redis address needs HOST:PORT (rtpengine syntax"
                + " [PASSWORD@]HOST:PORT[/DB]): 127.0.0.1 (expected [PASSWORD@]HOST:PORT[/DB], e.g."
                + " 127.0.0.1:6379, or redis-sentinel://HOST:26379/0#MASTER)");
    assertThat(errors("ha: {node-id: x}\n")).hasSize(1).first().asString().contains("ha.redis");
  }
}
