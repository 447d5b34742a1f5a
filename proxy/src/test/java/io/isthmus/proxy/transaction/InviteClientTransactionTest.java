package io.isthmus.proxy.transaction;

import static io.isthmus.proxy.transaction.Harness.GATEWAY_UDP;
import static io.isthmus.proxy.transaction.Messages.proxiedInvite;
import static io.isthmus.proxy.transaction.Messages.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.SipRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InviteClientTransactionTest {
  private static final TransactionConfig RFC_ONLY =
      TransactionConfig.DEFAULTS.withInviteNoResponse(Duration.ZERO);

  @Test
  void inviteClientRetransmitsOnTimerAUntilProvisional() throws Exception {
    Harness h = new Harness(RFC_ONLY);
    SipRequest invite = proxiedInvite();
    ClientTransaction tx = h.layer.newClientTransaction(invite, GATEWAY_UDP);

    h.atMillis(10_000);
    assertThat(h.transport.requestTimes("INVITE")).containsExactly(0L, 500L, 1500L, 3500L, 7500L);
    assertThat(tx.state()).isEqualTo(TransactionState.CALLING);

    h.receive(response(invite, 180, "Ringing", "gw"), GATEWAY_UDP);
    h.atMillis(31_000);
    assertThat(h.transport.requestTimes("INVITE")).hasSize(5);
    assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);
    assertThat(h.user.events).containsExactly("response 180 INVITE");
    assertThat(h.layer.metrics().retransmissionsSent()).isEqualTo(4);
  }

  @Test
  void inviteClientTimesOutWith408AfterTimerB() throws Exception {
    Harness h = new Harness(RFC_ONLY);
    h.layer.newClientTransaction(proxiedInvite(), GATEWAY_UDP);

    h.atMillis(31_999);
    assertThat(h.user.events).isEmpty();
    h.atMillis(32_000);

    assertThat(h.transport.requestTimes("INVITE"))
        .containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
    assertThat(h.user.events).containsExactly("timeout TIMER_B INVITE", "terminated INVITE_CLIENT");
    assertThat(Messages.text(h.user.timeoutResponses.getFirst()))
        .isEqualTo(
            """
            SIP/2.0 408 Request Timeout
            Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKproxy1
            Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcaller1
            From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
            To: Bob <sip:bob@biloxi.example.com>;tag=tag1
            Call-ID: a84b4c76e66710@pc33.atlanta.example.com
            CSeq: 314159 INVITE
            Content-Length: 0

            """);
    assertThat(h.layer.metrics().timeouts(Timeout.TIMER_B)).isEqualTo(1);
    assertThat(h.layer.clientTransactionCount()).isZero();
    assertThat(h.clock.pendingTasks()).isZero();
  }

  @Test
  void noResponseTimerFiresAfterTwoSecondsOfSilenceAndStopsRetransmissions() throws Exception {
    Harness h = new Harness();
    ClientTransaction tx = h.layer.newClientTransaction(proxiedInvite(), GATEWAY_UDP);

    h.atMillis(1_999);
    assertThat(h.user.events).isEmpty();
    h.atMillis(2_000);
    assertThat(h.user.events).containsExactly("timeout NO_RESPONSE INVITE");
    assertThat(h.user.timeoutResponses.getFirst().status()).isEqualTo(408);

    // the branch lingers silently until Timer B, without retransmitting or reporting again
    h.atMillis(31_999);
    assertThat(h.transport.requestTimes("INVITE")).containsExactly(0L, 500L, 1500L);
    assertThat(tx.state()).isEqualTo(TransactionState.CALLING);
    h.atMillis(32_000);
    assertThat(h.user.events)
        .containsExactly("timeout NO_RESPONSE INVITE", "terminated INVITE_CLIENT");
    assertThat(h.layer.metrics().timeouts(Timeout.NO_RESPONSE)).isEqualTo(1);
    assertThat(h.layer.metrics().timeouts(Timeout.TIMER_B)).isZero();
  }

  @Test
  void noResponseTimerDoesNotFireOnceAProvisionalCame() throws Exception {
    Harness h = new Harness();
    SipRequest invite = proxiedInvite();
    h.layer.newClientTransaction(invite, GATEWAY_UDP);
    h.atMillis(1_900);
    h.receive(response(invite, 100, "Trying", null), GATEWAY_UDP);

    h.atMillis(120_000);
    assertThat(h.user.events).containsExactly("response 100 INVITE");
    assertThat(h.transport.requestTimes("INVITE")).containsExactly(0L, 500L, 1500L);
  }

  @Test
  void lateProvisionalAfterNoResponseIsAnsweredWithCancelNotReported() throws Exception {
    Harness h = new Harness();
    SipRequest invite = proxiedInvite();
    h.layer.newClientTransaction(invite, GATEWAY_UDP);
    h.atMillis(5_000);
    h.receive(response(invite, 180, "Ringing", "gw"), GATEWAY_UDP);

    assertThat(h.transport.last().isRequest("CANCEL")).isTrue();
    assertThat(h.transport.last().atMillis()).isEqualTo(5_000);
    assertThat(h.transport.last().hop()).isEqualTo(GATEWAY_UDP);

    h.receive(response(invite, 487, "Request Terminated", "gw"), GATEWAY_UDP);
    assertThat(h.transport.last().isRequest("ACK")).isTrue();
    assertThat(h.user.events).containsExactly("timeout NO_RESPONSE INVITE");
  }

  @Test
  void late2xxAfterNoResponseStillReachesTheCore() throws Exception {
    Harness h = new Harness();
    SipRequest invite = proxiedInvite();
    h.layer.newClientTransaction(invite, GATEWAY_UDP);
    h.atMillis(3_000);
    h.receive(response(invite, 200, "OK", "gw"), GATEWAY_UDP);

    assertThat(h.user.events).containsExactly("timeout NO_RESPONSE INVITE", "response 200 INVITE");
  }

  @Test
  void inviteClientGeneratesAckForNon2xxAndAbsorbsRetransmittedFinal() throws Exception {
    Harness h = new Harness();
    SipRequest invite = proxiedInvite();
    ClientTransaction tx = h.layer.newClientTransaction(invite, GATEWAY_UDP);
    h.atMillis(100);
    h.receive(response(invite, 180, "Ringing", "gw-tag"), GATEWAY_UDP);
    h.atMillis(1_000);
    h.receive(response(invite, 486, "Busy Here", "gw-tag"), GATEWAY_UDP);

    RecordingTransport.Sent ack = h.transport.last();
    assertThat(ack.atMillis()).isEqualTo(1_000);
    assertThat(ack.hop()).isEqualTo(GATEWAY_UDP);
    assertThat(Messages.text(ack.message()))
        .isEqualTo(
            """
            ACK sip:bob@10.0.0.20 SIP/2.0
            Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKproxy1
            Route: <sip:gw1.example.net;lr>
            Route: <sip:core.example.net;lr>
            Max-Forwards: 70
            From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
            To: Bob <sip:bob@biloxi.example.com>;tag=gw-tag
            Call-ID: a84b4c76e66710@pc33.atlanta.example.com
            CSeq: 314159 ACK
            Content-Length: 0

            """);
    assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);

    h.atMillis(2_000);
    h.receive(response(invite, 486, "Busy Here", "gw-tag"), GATEWAY_UDP);
    assertThat(h.transport.requestTimes("ACK")).containsExactly(1_000L, 2_000L);
    assertThat(h.user.events).containsExactly("response 180 INVITE", "response 486 INVITE");
    assertThat(h.layer.metrics().retransmissionsAbsorbed()).isEqualTo(1);

    // Timer D: 32 s after the final
    h.atMillis(32_999);
    assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
    h.atMillis(33_000);
    assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
  }

  @Test
  void onceItOnlyWaitsOutTimerMItsRequestDropsItsParsedValues() throws Exception {
    Harness h = new Harness();
    SipRequest invite = proxiedInvite();
    ClientTransaction tx = h.layer.newClientTransaction(invite, GATEWAY_UDP);
    var vias = tx.request().vias();
    h.receive(response(invite, 180, "Ringing", "gw-a"), GATEWAY_UDP);
    assertThat(tx.request().vias()).isSameAs(vias);

    h.receive(response(invite, 200, "OK", "gw-a"), GATEWAY_UDP);

    assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
    assertThat(tx.request().vias()).isNotSameAs(vias).hasToString(vias.toString());
    assertThat(h.user.events).containsExactly("response 180 INVITE", "response 200 INVITE");
  }

  @Test
  void inviteClient2xxPassedToCoreNotAckedAndFurther2xxPassedUntilTimerM() throws Exception {
    Harness h = new Harness();
    SipRequest invite = proxiedInvite();
    ClientTransaction tx = h.layer.newClientTransaction(invite, GATEWAY_UDP);
    h.atMillis(300);
    h.receive(response(invite, 200, "OK", "gw-a"), GATEWAY_UDP);

    assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
    assertThat(h.transport.startLines()).containsExactly("INVITE sip:bob@10.0.0.20 SIP/2.0");

    h.atMillis(800);
    h.receive(response(invite, 200, "OK", "gw-a"), GATEWAY_UDP); // retransmission
    h.receive(response(invite, 200, "OK", "gw-b"), GATEWAY_UDP); // a forked answer
    h.receive(response(invite, 486, "Busy Here", "gw-c"), GATEWAY_UDP); // too late: absorbed
    assertThat(h.user.events)
        .containsExactly("response 200 INVITE", "response 200 INVITE", "response 200 INVITE");
    assertThat(h.user.responses.get(2).to().tag()).isEqualTo("gw-b");
    assertThat(h.transport.sent()).hasSize(1);

    h.atMillis(32_299);
    assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
    h.atMillis(32_300); // Timer M = 64*T1 after the first 2xx
    assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
    h.receive(response(invite, 200, "OK", "gw-a"), GATEWAY_UDP);
    assertThat(h.user.events).endsWith("terminated INVITE_CLIENT", "stray 200");
  }

  @Test
  void timerCSendsCancelAndReportsTimeoutRestartedByEachProvisionalButNot100() throws Exception {
    Harness h = new Harness();
    SipRequest invite = proxiedInvite();
    h.layer.newClientTransaction(invite, GATEWAY_UDP);
    h.atMillis(100);
    h.receive(response(invite, 100, "Trying", null), GATEWAY_UDP); // starts C
    h.atMillis(60_000);
    h.receive(response(invite, 100, "Trying", null), GATEWAY_UDP); // does not restart C
    h.atMillis(100_000);
    h.receive(response(invite, 183, "Session Progress", "gw"), GATEWAY_UDP); // restarts C

    h.atMillis(280_999);
    assertThat(h.transport.requestTimes("CANCEL")).isEmpty();
    h.atMillis(281_000);
    assertThat(h.transport.requestTimes("CANCEL")).containsExactly(281_000L);
    assertThat(h.user.events).endsWith("response 183 INVITE", "timeout TIMER_C INVITE");

    // the 487 the CANCEL provokes is ACKed but is no news to the core; nor is the CANCEL's 200
    SipRequest cancel = (SipRequest) h.transport.last().message();
    h.receive(response(cancel, 200, "OK", "gw"), GATEWAY_UDP);
    h.receive(response(invite, 487, "Request Terminated", "gw"), GATEWAY_UDP);
    assertThat(h.transport.last().isRequest("ACK")).isTrue();
    assertThat(h.user.events).endsWith("timeout TIMER_C INVITE");
  }

  @Test
  void cancelInCallingWaitsForTheFirstProvisional() throws Exception {
    Harness h = new Harness();
    SipRequest invite = proxiedInvite();
    InviteClientTransaction tx =
        (InviteClientTransaction) h.layer.newClientTransaction(invite, GATEWAY_UDP);
    h.atMillis(100);
    tx.cancel();
    assertThat(tx.cancelRequested()).isTrue();
    h.atMillis(800);
    assertThat(h.transport.requestTimes("CANCEL")).isEmpty();

    h.receive(response(invite, 180, "Ringing", "gw"), GATEWAY_UDP);
    assertThat(h.transport.requestTimes("CANCEL")).containsExactly(800L);
    // the CANCEL is a non-INVITE transaction of its own: Timer E retransmits it
    h.atMillis(1_300);
    assertThat(h.transport.requestTimes("CANCEL")).containsExactly(800L, 1_300L);
    h.receive(response((SipRequest) h.transport.last().message(), 200, "OK", "gw"), GATEWAY_UDP);
    h.receive(response(invite, 487, "Request Terminated", "gw"), GATEWAY_UDP);

    assertThat(h.user.events).containsExactly("response 180 INVITE", "response 487 INVITE");
    h.atMillis(10_000);
    assertThat(h.transport.requestTimes("CANCEL")).hasSize(2);
  }

  @Test
  void cancelledBranchWithoutFinalIsDestroyedAfter64T1() throws Exception {
    Harness h = new Harness();
    SipRequest invite = proxiedInvite();
    InviteClientTransaction tx =
        (InviteClientTransaction) h.layer.newClientTransaction(invite, GATEWAY_UDP);
    h.receive(response(invite, 180, "Ringing", "gw"), GATEWAY_UDP);
    h.atMillis(1_000);
    tx.cancel();
    assertThat(h.transport.requestTimes("CANCEL")).containsExactly(1_000L);

    h.atMillis(32_999);
    assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);
    h.atMillis(33_000);
    assertThat(h.user.events)
        .containsExactly(
            "response 180 INVITE", "timeout CANCEL_UNANSWERED INVITE", "terminated INVITE_CLIENT");
    // the CANCEL's own Timer F ran out too, silently
    assertThat(h.layer.metrics().timeouts(Timeout.TIMER_F)).isEqualTo(1);
    assertThat(h.layer.clientTransactionCount()).isZero();
  }

  @Test
  void cancelAfterTheFinalDoesNothing() throws Exception {
    Harness h = new Harness();
    SipRequest invite = proxiedInvite();
    InviteClientTransaction tx =
        (InviteClientTransaction) h.layer.newClientTransaction(invite, GATEWAY_UDP);
    h.receive(response(invite, 603, "Decline", "gw"), GATEWAY_UDP);
    tx.cancel();
    assertThat(h.transport.startLines())
        .containsExactly("INVITE sip:bob@10.0.0.20 SIP/2.0", "ACK sip:bob@10.0.0.20 SIP/2.0");
    assertThat(tx.ack().toString()).isEqualTo("ACK sip:bob@10.0.0.20 SIP/2.0");
  }
}
