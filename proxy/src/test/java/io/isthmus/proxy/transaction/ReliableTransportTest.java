package io.isthmus.proxy.transaction;

import static io.isthmus.proxy.transaction.Harness.CALLER_TCP;
import static io.isthmus.proxy.transaction.Harness.GATEWAY_TCP;
import static io.isthmus.proxy.transaction.Messages.ackForNon2xx;
import static io.isthmus.proxy.transaction.Messages.fromCaller;
import static io.isthmus.proxy.transaction.Messages.invite;
import static io.isthmus.proxy.transaction.Messages.proxied;
import static io.isthmus.proxy.transaction.Messages.proxiedInvite;
import static io.isthmus.proxy.transaction.Messages.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.SipRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReliableTransportTest {

  @Test
  void reliableTransportHasNoRetransmissionsAndZeroWaitTimers() throws Exception {
    Harness h = new Harness(TransactionConfig.DEFAULTS.withInviteNoResponse(Duration.ZERO));
    SipRequest invite = proxiedInvite();
    SipRequest bye = proxied("BYE", "z9hG4bKbye1", 314160);
    ClientTransaction inviteTx = h.layer.newClientTransaction(invite, GATEWAY_TCP);
    ClientTransaction byeTx = h.layer.newClientTransaction(bye, GATEWAY_TCP);
    h.atMillis(20_000);
    assertThat(h.transport.requestTimes("INVITE")).containsExactly(0L); // no Timer A
    assertThat(h.transport.requestTimes("BYE")).containsExactly(0L); // no Timer E

    h.receive(response(invite, 486, "Busy Here", "gw"), GATEWAY_TCP);
    h.receive(response(bye, 200, "OK", "gw"), GATEWAY_TCP);
    // Timer D and Timer K are zero: terminated at once, the ACK sent
    assertThat(inviteTx.state()).isEqualTo(TransactionState.TERMINATED);
    assertThat(byeTx.state()).isEqualTo(TransactionState.TERMINATED);
    assertThat(h.transport.requestTimes("ACK")).containsExactly(20_000L);

    h.receive(invite(), CALLER_TCP);
    ServerTransaction inviteServer = h.user.serverTransactions.getLast();
    inviteServer.respond(response(invite(), 486, "Busy Here", "uas"));
    h.atMillis(25_000);
    assertThat(h.transport.responseTimes(486)).containsExactly(20_000L); // no Timer G
    h.receive(ackForNon2xx("uas"), CALLER_TCP);
    assertThat(inviteServer.state()).isEqualTo(TransactionState.TERMINATED); // Timer I zero

    SipRequest options = fromCaller("OPTIONS", "z9hG4bKopt1", 1);
    h.receive(options, CALLER_TCP);
    ServerTransaction optionsServer = h.user.serverTransactions.getLast();
    optionsServer.respond(response(options, 200, "OK", "uas"));
    assertThat(optionsServer.state()).isEqualTo(TransactionState.TERMINATED); // Timer J zero

    assertThat(h.clock.pendingTasks()).isZero();
    assertThat(h.layer.serverTransactionCount()).isZero();
    assertThat(h.layer.clientTransactionCount()).isZero();
    assertThat(h.layer.metrics().retransmissionsSent()).isZero();
  }

  @Test
  void timerBStillRunsOnReliableTransport() throws Exception {
    Harness h = new Harness(TransactionConfig.DEFAULTS.withInviteNoResponse(Duration.ZERO));
    h.layer.newClientTransaction(proxiedInvite(), GATEWAY_TCP);
    h.atMillis(32_000);
    assertThat(h.user.events).containsExactly("timeout TIMER_B INVITE", "terminated INVITE_CLIENT");
  }

  @Test
  void timerHAndLRunOnReliableTransport() throws Exception {
    Harness h = new Harness();
    h.receive(invite(), CALLER_TCP);
    InviteServerTransaction tx = (InviteServerTransaction) h.user.serverTransactions.getLast();
    tx.respond(response(invite(), 200, "OK", "uas"));
    h.atMillis(31_999);
    assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
    h.atMillis(32_000);
    assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
  }
}
