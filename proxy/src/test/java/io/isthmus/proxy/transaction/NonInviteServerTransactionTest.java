package io.isthmus.proxy.transaction;

import static io.isthmus.proxy.transaction.Harness.CALLER_UDP;
import static io.isthmus.proxy.transaction.Messages.fromCaller;
import static io.isthmus.proxy.transaction.Messages.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

class NonInviteServerTransactionTest {

  @Test
  void nonInviteServerAbsorbsRetransmissionsAndTimerJ() throws Exception {
    Harness h = new Harness();
    SipRequest bye = fromCaller("BYE", "z9hG4bKbye9", 314160);
    h.receive(bye, CALLER_UDP);
    ServerTransaction tx = h.user.serverTransactions.getFirst();
    assertThat(tx.kind()).isEqualTo(TransactionKind.NON_INVITE_SERVER);
    assertThat(tx.state()).isEqualTo(TransactionState.TRYING);
    assertThat(h.transport.sent()).isEmpty(); // no 100 for non-INVITE (§16.2)

    h.atMillis(500);
    h.receive(bye, CALLER_UDP); // Trying: nothing to resend
    assertThat(h.transport.sent()).isEmpty();

    h.atMillis(800);
    tx.respond(response(bye, 200, "OK", null));
    h.atMillis(1_300);
    h.receive(bye, CALLER_UDP);
    assertThat(h.transport.responseTimes(200)).containsExactly(800L, 1_300L);
    assertThat(h.user.events).containsExactly("request BYE");
    assertThat(h.layer.metrics().retransmissionsAbsorbed()).isEqualTo(2);

    h.atMillis(32_799);
    assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
    h.atMillis(32_800); // Timer J = 64*T1 after the final
    assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);

    h.receive(bye, CALLER_UDP); // now it is a new transaction
    assertThat(h.user.events)
        .containsExactly("request BYE", "terminated NON_INVITE_SERVER", "request BYE");
  }

  @Test
  void onceItOnlyWaitsOutTimerJItsMessagesDropTheirParsedValues() throws Exception {
    Harness h = new Harness();
    SipRequest bye = fromCaller("BYE", "z9hG4bKbye9", 314160);
    h.receive(bye, CALLER_UDP);
    ServerTransaction tx = h.user.serverTransactions.getFirst();
    var cseq = tx.request().cseq();
    var ok = response(bye, 200, "OK", null);
    var okVias = ok.vias();

    tx.respond(ok);

    assertThat(tx.request().cseq()).isNotSameAs(cseq).isEqualTo(cseq);
    assertThat(tx.lastResponse().vias()).isNotSameAs(okVias).hasToString(okVias.toString());
  }

  @Test
  void retransmissionInProceedingResendsTheProvisional() throws Exception {
    Harness h = new Harness();
    SipRequest options = fromCaller("OPTIONS", "z9hG4bKopt9", 1);
    h.receive(options, CALLER_UDP);
    ServerTransaction tx = h.user.serverTransactions.getFirst();
    tx.respond(response(options, 100, "Trying", null));
    h.receive(options, CALLER_UDP);

    assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);
    assertThat(h.transport.startLines())
        .containsExactly("SIP/2.0 100 Trying", "SIP/2.0 100 Trying");
  }
}
