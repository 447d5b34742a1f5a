package io.isthmus.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the warm-up may stop: enough calls, steady setup times, a quiet JIT. */
class WarmUpSettlingTest {
  private static final long MS = 1_000_000;

  /** Rounds of 100 ms each, ending at 100, 200, ... ms. */
  private static WarmUpCaller.Round round(int i, long medianNanos) {
    return new WarmUpCaller.Round(100, 0, medianNanos, (i + 1) * 100 * MS);
  }

  @Test
  void settlesAfterThreeSteadyRoundsWithAQuietJit() {
    WarmUpSettling s = new WarmUpSettling(300, 0);
    s.add(round(0, 10 * MS), 0);
    s.add(round(1, 2 * MS), 5);
    assertThat(s.settled(200)).isFalse(); // two rounds only
    s.add(round(2, 2 * MS), 6);
    assertThat(s.settled(300)).isFalse(); // 10 ms still in the window
    s.add(round(3, 2_100_000), 7);
    assertThat(s.settled(299)).isFalse(); // one call short
    assertThat(s.settled(300)).isTrue();
  }

  @Test
  void aBusyJitKeepsItGoingThoughTheSetupTimeIsSteady() {
    WarmUpSettling s = new WarmUpSettling(0, 0);
    s.add(round(0, MS), 0);
    s.add(round(1, MS), 50);
    s.add(round(2, MS), 100); // 50 ms of compiling in a 100 ms round
    assertThat(s.settled(1_000)).isFalse();
    s.add(round(3, MS), 109); // 9 ms: under 10 %
    assertThat(s.settled(1_000)).isTrue();
  }

  @Test
  void aRisingSetupTimeIsNotSteady() {
    WarmUpSettling s = new WarmUpSettling(0, 0);
    for (int i = 0; i < 3; i++) {
      s.add(round(i, (1 + i) * MS), -1); // -1: no compilation time, the JIT is not asked
    }
    assertThat(s.settled(1_000)).isFalse();
  }

  @Test
  void timesUnderTheSlackCountAsSteady() {
    WarmUpSettling s = new WarmUpSettling(0, 0);
    s.add(round(0, 100_000), -1);
    s.add(round(1, 250_000), -1);
    s.add(round(2, 150_000), -1);
    assertThat(s.settled(1)).isTrue(); // 0.25 ms <= 0.1 ms * 1.25 + 0.2 ms
  }
}
