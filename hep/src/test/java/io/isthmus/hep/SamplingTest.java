package io.isthmus.hep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplingTest {
  @Test
  void allAndNoneAreExact() {
    assertThat(Sampling.of(1.0).sampled("a")).isTrue();
    assertThat(Sampling.of(0.0).sampled("a")).isFalse();
  }

  @Test
  void aFractionOfCallIdsIsCapturedAndTheSameCallAlwaysDecidesAlike() {
    Sampling tenth = Sampling.of(0.1);
    int captured = 0;
    for (int i = 0; i < 100_000; i++) {
      String id = "call-" + i + "@host";
      boolean first = tenth.sampled(id);
      assertThat(tenth.sampled(new String(id))).isEqualTo(first);
      captured += first ? 1 : 0;
    }
    // a deterministic function of 100 000 fixed inputs: within 2 % of the rate
    assertThat(captured).isBetween(9_800, 10_200);
  }

  @Test
  void theCapturedCallsAreSpreadOverTheLoops() {
    // the proxy's loop is floorMod(callId.hashCode(), n): half the calls must not all be one loop's
    Sampling half = Sampling.of(0.5);
    int[] perLoop = new int[2];
    for (int i = 0; i < 10_000; i++) {
      String id = "c" + i;
      if (half.sampled(id)) {
        perLoop[Math.floorMod(id.hashCode(), 2)]++;
      }
    }
    assertThat(perLoop[0]).isBetween(2_300, 2_700);
    assertThat(perLoop[1]).isBetween(2_300, 2_700);
  }

  @Test
  void refusesRatesOutsideZeroToOne() {
    assertThatThrownBy(() -> Sampling.of(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sampling.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
