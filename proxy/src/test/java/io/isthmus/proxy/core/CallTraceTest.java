package io.isthmus.proxy.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallTraceTest {
  private final CallTrace trace = new CallTrace();

  @Test
  void isInactiveUntilACallIsTracedAndAgainWhenSwitchedOff() {
    assertThat(trace.active()).isFalse();
    assertThat(trace.tracing("a")).isFalse();

    assertThat(trace.set("a", true)).isFalse();
    assertThat(trace.active()).isTrue();
    assertThat(trace.tracing("a")).isTrue();
    assertThat(trace.tracing("b")).isFalse();
    assertThat(trace.set("a", true)).isTrue();

    assertThat(trace.set("a", false)).isTrue();
    assertThat(trace.active()).isFalse();
    assertThat(trace.traced()).isEmpty();
  }
}
