package io.isthmus.proxy.flood;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testkit.FakeClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pike-like limits with the time in the test's hand. */
class FloodGuardTest {
  private static final InetAddress FLOODER = InetAddress.ofLiteral("127.0.1.66");
  private static final InetAddress CALLER = InetAddress.ofLiteral("127.0.1.100");
  private static final InetAddress GATEWAY = InetAddress.ofLiteral("127.0.1.11");
  private final FakeClock clock = new FakeClock();

  private FloodGuard guard(boolean reject503) {
    return new FloodGuard(
        Map.of(
            "public",
            new FloodSettings(
                10, 5, Duration.ofSeconds(30), reject503, 2, FloodSettings.KNOWN_SCANNERS)),
        GATEWAY::equals,
        clock);
  }

  @Test
  void aSourceOverItsBurstIsBlockedForTheBlockTimeWhileOthersPass() {
    FloodGuard g = guard(false);
    for (int i = 0; i < 5; i++) {
      assertThat(g.packet("public", FLOODER)).isEqualTo(FloodGuard.Verdict.PASS);
    }
    assertThat(g.packet("public", FLOODER)).isEqualTo(FloodGuard.Verdict.DROP);
    assertThat(g.packet("public", CALLER)).isEqualTo(FloodGuard.Verdict.PASS);
    clock.advance(Duration.ofSeconds(29));
    assertThat(g.packet("public", FLOODER)).isEqualTo(FloodGuard.Verdict.DROP);
    assertThat(g.blocked()).hasSize(1);
    assertThat(g.blocked().getFirst().address()).isEqualTo("127.0.1.66");
    assertThat(g.blocked().getFirst().refused()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(2));
    assertThat(g.packet("public", FLOODER)).isEqualTo(FloodGuard.Verdict.PASS);
    assertThat(g.totals()).isEqualTo(new FloodGuard.Totals(2, 1, 0, 0, 0));
  }

  @Test
  void theRateRefillsTheBucket() {
    FloodGuard g = guard(false);
    for (int i = 0; i < 5; i++) {
      g.packet("public", CALLER);
    }
    clock.advance(Duration.ofMillis(100)); // one token at 10/s
    assertThat(g.packet("public", CALLER)).isEqualTo(FloodGuard.Verdict.PASS);
    assertThat(g.packet("public", CALLER)).isEqualTo(FloodGuard.Verdict.DROP);
  }

  @Test
  void aBlockedSourceGets503WhenTheNetworkAsksForAnswers() {
    FloodGuard g = guard(true);
    for (int i = 0; i < 5; i++) {
      g.packet("public", FLOODER);
    }
    assertThat(g.packet("public", FLOODER)).isEqualTo(FloodGuard.Verdict.REJECT);
  }

  @Test
  void trustedSourcesAndOtherNetworksAreNotLimited() {
    FloodGuard g = guard(false);
    for (int i = 0; i < 100; i++) {
      assertThat(g.packet("public", GATEWAY)).isEqualTo(FloodGuard.Verdict.PASS);
      assertThat(g.packet("private", FLOODER)).isEqualTo(FloodGuard.Verdict.PASS);
    }
    assertThat(g.trackedSources()).isZero();
  }

  @Test
  void aScannerUserAgentBlocksItsSource() {
    FloodGuard g = guard(false);
    assertThat(g.userAgent("public", FLOODER, "friendly-scanner"))
        .isEqualTo(FloodGuard.Verdict.DROP);
    assertThat(g.packet("public", FLOODER)).isEqualTo(FloodGuard.Verdict.DROP);
    assertThat(g.userAgent("public", CALLER, "Linphone/5.2")).isEqualTo(FloodGuard.Verdict.PASS);
    assertThat(g.totals().scanners()).isEqualTo(1);
    assertThat(g.blocked().getFirst().why()).contains("friendly-scanner");
  }

  @Test
  void connectionsPerSourceAreCappedAndFreedOnClose() {
    FloodGuard g = guard(false);
    assertThat(g.connectionOpened("public", CALLER)).isEqualTo(FloodGuard.Admission.COUNTED);
    assertThat(g.connectionOpened("public", CALLER)).isEqualTo(FloodGuard.Admission.COUNTED);
    assertThat(g.connectionOpened("public", CALLER)).isEqualTo(FloodGuard.Admission.REFUSED);
    g.connectionClosed(CALLER);
    assertThat(g.connectionOpened("public", CALLER)).isEqualTo(FloodGuard.Admission.COUNTED);
    assertThat(g.connectionOpened("public", GATEWAY)).isEqualTo(FloodGuard.Admission.UNCOUNTED);
    assertThat(g.totals().connectionsRefused()).isEqualTo(1);
  }

  @Test
  void unblockByHandLetsTheSourceIn() {
    FloodGuard g = guard(false);
    for (int i = 0; i < 6; i++) {
      g.packet("public", FLOODER);
    }
    assertThat(g.unblock(FLOODER)).isTrue();
    assertThat(g.unblock(FLOODER)).isFalse();
    assertThat(g.packet("public", FLOODER)).isEqualTo(FloodGuard.Verdict.PASS);
    assertThat(g.blocked()).isEmpty();
  }

  @Test
  void idleSourcesAreSweptSoSpoofedFloodsDoNotGrowMemory() throws Exception {
    FloodGuard g = guard(false);
    for (int i = 0; i < FloodGuard.MAX_SOURCES; i++) {
      byte[] a = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
      g.packet("public", InetAddress.getByAddress(a));
    }
    assertThat(g.trackedSources()).isEqualTo(FloodGuard.MAX_SOURCES);
    clock.advance(Duration.ofSeconds(31));
    g.packet("public", CALLER);
    assertThat(g.trackedSources()).isEqualTo(1);
  }

  @Test
  void settingsRefuseNonsense() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new FloodSettings(0, 5, Duration.ofSeconds(1), false, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
