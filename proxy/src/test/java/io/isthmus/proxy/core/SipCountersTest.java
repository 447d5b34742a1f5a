package io.isthmus.proxy.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.Method;
import org.junit.jupiter.api.Test;

class SipCountersTest {
  private final SipCounters counters = new SipCounters();

  @Test
  void countsRequestsByMethodWithUnknownMethodsAsOther() {
    counters.requestReceived(Method.INVITE);
    counters.requestReceived(Method.INVITE);
    counters.requestReceived(Method.BYE);
    counters.requestReceived(Method.of("FOO"));

    assertThat(counters.requestsReceived())
        .containsEntry("INVITE", 2L)
        .containsEntry("BYE", 1L)
        .containsEntry("ACK", 0L)
        .containsEntry(SipCounters.OTHER, 1L);
  }

  @Test
  void countsResponsesByStatusPerDirectionAndIgnoresImpossibleCodes() {
    counters.responseReceived(200);
    counters.responseReceived(200);
    counters.responseReceived(99);
    counters.responseReceived(700);
    counters.responseSent(487);

    assertThat(counters.responsesReceived()).containsExactly(java.util.Map.entry(200, 2L));
    assertThat(counters.responsesSent()).containsExactly(java.util.Map.entry(487, 1L));
  }
}
