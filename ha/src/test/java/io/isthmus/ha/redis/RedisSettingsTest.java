package io.isthmus.ha.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** rtpengine's {@code redis} syntax and Lettuce URIs, and the errors a config shows. */
class RedisSettingsTest {
  private static final Duration T = Duration.ofMillis(500);

  @Test
  void readsRtpenginesSyntax() {
    RedisSettings s = RedisSettings.parse("secret@127.0.0.1:6380/3", T);
    assertThat(s.uri().getHost()).isEqualTo("127.0.0.1");
    assertThat(s.uri().getPort()).isEqualTo(6380);
    assertThat(s.uri().getDatabase()).isEqualTo(3);
    assertThat(s.uri().getCredentialsProvider().resolveCredentials().block().getPassword())
        .isEqualTo("secret".toCharArray());
    assertThat(s.toString()).isEqualTo("127.0.0.1:6380/3").doesNotContain("secret");
    assertThat(RedisSettings.parse("[::1]:6379", T).uri().getHost()).isEqualTo("::1");
  }

  @Test
  void readsSentinelUris() {
    RedisSettings s =
        RedisSettings.parse("redis-sentinel://127.0.0.1:26379,127.0.0.1:26380/2#isthmus", T);
    assertThat(s.uri().getSentinels()).hasSize(2);
    assertThat(s.uri().getSentinelMasterId()).isEqualTo("isthmus");
    assertThat(s.toString()).isEqualTo("sentinel isthmus via 2 sentinel(s), db 2");
  }

  @Test
  void refusesWhatIsNotAnAddress() {
    assertThatThrownBy(() -> RedisSettings.parse("localhost", T)).hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> RedisSettings.parse("127.0.0.1:99999", T))
        .hasMessageContaining("port must be a number from 1 to 65535: '99999'");
    assertThatThrownBy(() -> RedisSettings.parse("127.0.0.1:6379/x", T))
        .hasMessageContaining("database");
    assertThatThrownBy(() -> RedisSettings.parse(" ", T)).hasMessageContaining("empty");
  }
}
