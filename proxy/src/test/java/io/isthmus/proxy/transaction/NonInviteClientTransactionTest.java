package io.isthmus.proxy.transaction;

import static io.isthmus.proxy.transaction.Harness.GATEWAY_UDP;
import static io.isthmus.proxy.transaction.Messages.proxied;
import static io.isthmus.proxy.transaction.Messages.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

class NonInviteClientTransactionTest {

  @Test
  void nonInviteClientRetransmitsCappedAtT2() throws Exception {
    Harness h = new Harness();
    h.layer.newClientTransaction(proxied("BYE", "z9hG4bKbye1", 314160), GATEWAY_UDP);

    h.atMillis(31_999);
    // intervals 500, 1000, 2000, 4000, 4000, ...
    assertThat(h.transport.requestTimes("BYE"))
        .containsExactly(
            0L, 500L, 1_500L, 3_500L, 7_500L, 11_500L, 15_500L, 19_500L, 23_500L, 27_500L, 31_500L);
  }

  @Test
  void timerFReportsTimeoutWithA408() throws Exception {
    Harness h = new Harness();
    ClientTransaction tx =
        h.layer.newClientTransaction(proxied("OPTIONS", "z9hG4bKopt1", 7), GATEWAY_UDP);

    h.atMillis(31_999);
    assertThat(h.user.events).isEmpty();
    h.atMillis(32_000);

    assertThat(h.user.events)
        .containsExactly("timeout TIMER_F OPTIONS", "terminated NON_INVITE_CLIENT");
    assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
    var synthetic = h.user.timeoutResponses.getFirst();
    assertThat(synthetic.toString()).isEqualTo("SIP/2.0 408 Request Timeout");
    assertThat(synthetic.topVia().branch()).isEqualTo("z9hG4bKopt1");
    assertThat(synthetic.cseq().toString()).isEqualTo("7 OPTIONS");
    assertThat(synthetic.to().tag()).isEqualTo("tag1");
    assertThat(h.layer.metrics().timeouts(Timeout.TIMER_F)).isEqualTo(1);
    assertThat(h.clock.pendingTasks()).isZero();
  }

  @Test
  void nonInviteClientKeepsRetransmittingAtT2AfterProvisional() throws Exception {
    Harness h = new Harness();
    SipRequest bye = proxied("BYE", "z9hG4bKbye1", 314160);
    ClientTransaction tx = h.layer.newClientTransaction(bye, GATEWAY_UDP);
    h.atMillis(600);
    h.receive(response(bye, 100, "Trying", null), GATEWAY_UDP);
    assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);

    h.atMillis(14_000);
    // the E pending at 1500 still fires, then E is T2 flat (§17.1.2.2)
    assertThat(h.transport.requestTimes("BYE"))
        .containsExactly(0L, 500L, 1_500L, 5_500L, 9_500L, 13_500L);
    assertThat(h.user.events).containsExactly("response 100 BYE");

    h.atMillis(32_000);
    assertThat(h.user.events).endsWith("timeout TIMER_F BYE", "terminated NON_INVITE_CLIENT");
  }

  @Test
  void finalStopsRetransmissionsAbsorbsItsRetransmissionAndTimerKEnds() throws Exception {
    Harness h = new Harness();
    SipRequest bye = proxied("BYE", "z9hG4bKbye1", 314160);
    ClientTransaction tx = h.layer.newClientTransaction(bye, GATEWAY_UDP);
    h.atMillis(700);
    h.receive(response(bye, 200, "OK", null), GATEWAY_UDP);
    h.atMillis(900);
    h.receive(response(bye, 200, "OK", null), GATEWAY_UDP);

    assertThat(h.user.events).containsExactly("response 200 BYE");
    assertThat(h.layer.metrics().retransmissionsAbsorbed()).isEqualTo(1);
    assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);

    h.atMillis(5_699);
    assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
    h.atMillis(5_700); // Timer K = T4
    assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
    assertThat(h.transport.requestTimes("BYE")).containsExactly(0L, 500L);
    assertThat(h.user.events).containsExactly("response 200 BYE", "terminated NON_INVITE_CLIENT");
  }

  @Test
  void timersFollowAConfiguredT1AndT2() throws Exception {
    Harness h =
        new Harness(
            TransactionConfig.DEFAULTS.withTimers(
                java.time.Duration.ofMillis(100),
                java.time.Duration.ofMillis(300),
                java.time.Duration.ofSeconds(1)));
    h.layer.newClientTransaction(proxied("BYE", "z9hG4bKbye1", 314160), GATEWAY_UDP);

    h.atMillis(6_400);
    assertThat(h.transport.requestTimes("BYE"))
        .startsWith(0L, 100L, 300L, 600L, 900L, 1_200L)
        .endsWith(6_300L);
    assertThat(h.user.events)
        .containsExactly("timeout TIMER_F BYE", "terminated NON_INVITE_CLIENT");
  }
}
