package io.isthmus.proxy.transaction;

import static io.isthmus.proxy.transaction.Harness.CALLER_UDP;
import static io.isthmus.proxy.transaction.Harness.GATEWAY_UDP;
import static io.isthmus.proxy.transaction.Messages.invite;
import static io.isthmus.proxy.transaction.Messages.proxiedInvite;
import static io.isthmus.proxy.transaction.Messages.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportErrorTest {

  @Test
  void failedSendOfTheRequestTerminatesTheClientTransactionOnceTheLoopIsFree() throws Exception {
    Harness h = new Harness();
    h.transport.failWith(new IOException("connection refused"), true);
    ClientTransaction tx = h.layer.newClientTransaction(proxiedInvite(), GATEWAY_UDP);
    // handled after the current work, not inside newClientTransaction
    assertThat(tx.state()).isEqualTo(TransactionState.CALLING);
    assertThat(h.user.events).isEmpty();

    h.clock.advance(Duration.ZERO);
    assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
    assertThat(h.user.events)
        .containsExactly(
            "transport error INVITE_CLIENT connection refused", "terminated INVITE_CLIENT");
    assertThat(h.layer.metrics().transportErrors()).isEqualTo(1);
    assertThat(h.clock.pendingTasks()).isZero();
  }

  @Test
  void failedSendOfAResponseTerminatesTheServerTransaction() throws Exception {
    Harness h = new Harness();
    h.receive(invite(), CALLER_UDP);
    ServerTransaction tx = h.user.serverTransactions.getFirst();
    h.transport.failWith(new IOException("host unreachable"), false);
    tx.respond(response(invite(), 486, "Busy Here", "uas"));
    h.atMillis(10);

    assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
    assertThat(h.user.events)
        .containsExactly(
            "request INVITE",
            "transport error INVITE_SERVER host unreachable",
            "terminated INVITE_SERVER");
    assertThat(h.transport.responseTimes(486)).containsExactly(0L); // no Timer G after it
  }
}
