package io.isthmus.proxy.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransactionConfigTest {

  @Test
  void defaultsAreTheRfcTimersAndTheProxyTimeouts() throws Exception {
    TransactionConfig c = TransactionConfig.DEFAULTS;
    assertThat(c.t1()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.t2()).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.t4()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.trying100Delay()).isZero();
    assertThat(c.inviteNoResponse()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.timerC()).isGreaterThan(Duration.ofMinutes(3)); // RFC 3261 §16.6 step 11
    assertThat(c.sixtyFourT1Nanos()).isEqualTo(Duration.ofSeconds(32).toNanos());
    assertThat(c.timerDNanos()).isEqualTo(Duration.ofSeconds(32).toNanos());
  }

  @Test
  void timerDGrowsWithALargerT1() throws Exception {
    TransactionConfig slow =
        TransactionConfig.DEFAULTS.withTimers(
            Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(5));
    assertThat(slow.timerDNanos()).isEqualTo(Duration.ofSeconds(64).toNanos());
  }

  @Test
  void invalidSettingsAreRefusedWithTheReason() throws Exception {
    TransactionConfig d = TransactionConfig.DEFAULTS;
    assertThatThrownBy(() -> d.withTimers(Duration.ZERO, d.t2(), d.t4()))
        .hasMessage("t1 must be positive: PT0S");
    assertThatThrownBy(() -> d.withTimers(Duration.ofSeconds(5), Duration.ofSeconds(4), d.t4()))
        .hasMessage("t2 (PT4S) must not be below t1 (PT5S)");
    assertThatThrownBy(() -> d.withTrying100Delay(Duration.ofMillis(201)))
        .hasMessage("trying100Delay above the 200 ms of RFC 3261 §17.2.1: PT0.201S");
    assertThatThrownBy(() -> d.withInviteNoResponse(Duration.ofMillis(-1)))
        .hasMessage("inviteNoResponse must not be negative: PT-0.001S");
  }
}
