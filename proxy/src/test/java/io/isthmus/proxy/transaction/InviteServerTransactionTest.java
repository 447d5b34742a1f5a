package io.isthmus.proxy.transaction;

import static io.isthmus.proxy.transaction.Harness.CALLER_UDP;
import static io.isthmus.proxy.transaction.Messages.ackForNon2xx;
import static io.isthmus.proxy.transaction.Messages.invite;
import static io.isthmus.proxy.transaction.Messages.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InviteServerTransactionTest {

  private static InviteServerTransaction receiveInvite(Harness h, SipRequest invite) {
    h.receive(invite, CALLER_UDP);
    return (InviteServerTransaction) h.user.serverTransactions.getLast();
  }

  @Test
  void sends100TryingAtOnceByDefaultWithoutToTag() throws Exception {
    Harness h = new Harness();
    InviteServerTransaction tx = receiveInvite(h, invite());

    assertThat(h.user.events).containsExactly("request INVITE");
    assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);
    assertThat(h.transport.last().hop()).isEqualTo(CALLER_UDP);
    assertThat(Messages.text(h.transport.last().message()))
        .isEqualTo(
            """
            SIP/2.0 100 Trying
            Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcaller1
            From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
            To: Bob <sip:bob@biloxi.example.com>
            Call-ID: a84b4c76e66710@pc33.atlanta.example.com
            CSeq: 314159 INVITE
            Content-Length: 0

            """);
  }

  @Test
  void trying100CopiesTheTimestamp() throws Exception {
    Harness h = new Harness();
    SipRequest invite = invite().edit().addHeader(HeaderName.TIMESTAMP, "54.2 0.5").build();
    receiveInvite(h, invite);

    assertThat(h.transport.last().message().headerValue(HeaderName.TIMESTAMP)).hasValue("54.2 0.5");
  }

  @Test
  void delayed100TryingIsSentAfter200msUnlessTheCoreAnsweredFirst() throws Exception {
    Harness h = new Harness(TransactionConfig.DEFAULTS.withTrying100Delay(Duration.ofMillis(200)));
    receiveInvite(h, invite());
    h.atMillis(199);
    assertThat(h.transport.sent()).isEmpty();
    h.atMillis(200);
    assertThat(h.transport.responseTimes(100)).containsExactly(200L);

    Harness quick =
        new Harness(TransactionConfig.DEFAULTS.withTrying100Delay(Duration.ofMillis(200)));
    InviteServerTransaction tx = receiveInvite(quick, invite());
    quick.atMillis(50);
    tx.respond(response(invite(), 180, "Ringing", "uas"));
    quick.atMillis(1_000);
    assertThat(quick.transport.startLines()).containsExactly("SIP/2.0 180 Ringing");
  }

  @Test
  void inviteServerResendsLastResponseOnRetransmittedInvite() throws Exception {
    Harness h = new Harness();
    InviteServerTransaction tx = receiveInvite(h, invite());
    h.atMillis(300);
    h.receive(invite(), CALLER_UDP);
    assertThat(h.transport.responseTimes(100)).containsExactly(0L, 300L);

    tx.respond(response(invite(), 180, "Ringing", "uas"));
    h.atMillis(800);
    h.receive(invite(), CALLER_UDP);
    assertThat(h.transport.startLines())
        .containsExactly(
            "SIP/2.0 100 Trying",
            "SIP/2.0 100 Trying",
            "SIP/2.0 180 Ringing",
            "SIP/2.0 180 Ringing");
    assertThat(h.user.events).containsExactly("request INVITE");
    assertThat(h.layer.serverTransactionCount()).isEqualTo(1);
    assertThat(h.layer.metrics().retransmissionsAbsorbed()).isEqualTo(2);
  }

  @Test
  void inviteServerRetransmitsNon2xxFinalOnTimerGUntilAck() throws Exception {
    Harness h = new Harness();
    InviteServerTransaction tx = receiveInvite(h, invite());
    tx.respond(response(invite(), 486, "Busy Here", "uas"));

    h.atMillis(9_000);
    assertThat(h.transport.responseTimes(486)).containsExactly(0L, 500L, 1_500L, 3_500L, 7_500L);
    h.receive(invite(), CALLER_UDP); // a retransmitted INVITE gets the final again
    assertThat(h.transport.responseTimes(486)).endsWith(7_500L, 9_000L);

    h.receive(ackForNon2xx("uas"), CALLER_UDP);
    assertThat(tx.state()).isEqualTo(TransactionState.CONFIRMED);
    h.receive(ackForNon2xx("uas"), CALLER_UDP); // retransmitted ACK: absorbed
    h.atMillis(30_000);
    assertThat(h.transport.responseTimes(486)).hasSize(6);
    assertThat(h.user.events).containsExactly("request INVITE", "terminated INVITE_SERVER");
  }

  @Test
  void ackForNon2xxAbsorbedAndTimerIEnds() throws Exception {
    Harness h = new Harness();
    InviteServerTransaction tx = receiveInvite(h, invite());
    tx.respond(response(invite(), 404, "Not Found", "uas"));
    h.atMillis(700);
    h.receive(ackForNon2xx("uas"), CALLER_UDP);

    h.atMillis(5_699);
    assertThat(tx.state()).isEqualTo(TransactionState.CONFIRMED);
    h.atMillis(5_700); // Timer I = T4 after the ACK
    assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
    assertThat(h.user.events).containsExactly("request INVITE", "terminated INVITE_SERVER");
    assertThat(h.user.acks).isEmpty();
    assertThat(h.layer.serverTransactionCount()).isZero();
  }

  @Test
  void inviteServerTimerHTerminatesWithoutAck() throws Exception {
    Harness h = new Harness();
    InviteServerTransaction tx = receiveInvite(h, invite());
    h.atMillis(100);
    tx.respond(response(invite(), 503, "Service Unavailable", "uas"));

    h.atMillis(32_099);
    assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
    h.atMillis(32_100);
    assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
    // G: 500, 1000, 2000, then capped at T2
    assertThat(h.transport.responseTimes(503))
        .containsExactly(
            100L, 600L, 1_600L, 3_600L, 7_600L, 11_600L, 15_600L, 19_600L, 23_600L, 27_600L,
            31_600L);
    assertThat(h.layer.metrics().ackTimeouts()).isEqualTo(1);
  }

  @Test
  void onceItOnlyWaitsOutTimerLItsMessagesDropTheirParsedValues() throws Exception {
    Harness h = new Harness();
    InviteServerTransaction tx = receiveInvite(h, invite());
    var from = tx.request().from();
    tx.respond(response(invite(), 180, "Ringing", "uas"));
    assertThat(tx.request().from()).isSameAs(from); // Proceeding: the core still reads it

    var ok = response(invite(), 200, "OK", "uas");
    var okTo = ok.to();
    tx.respond(ok);

    assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
    assertThat(tx.request().from()).isNotSameAs(from).hasToString(from.toString());
    assertThat(tx.lastResponse().to()).isNotSameAs(okTo).hasToString(okTo.toString());
  }

  @Test
  void onceItOnlyWaitsOutTimerHItsFinalIsCompactAndStillResent() throws Exception {
    Harness h = new Harness();
    InviteServerTransaction tx = receiveInvite(h, invite());
    var busy = response(invite(), 486, "Busy Here", "uas");
    var busyTo = busy.to();
    tx.respond(busy);
    h.receive(invite(), CALLER_UDP); // the INVITE again: the 486 again

    assertThat(tx.lastResponse().to()).isNotSameAs(busyTo).hasToString(busyTo.toString());
    assertThat(h.transport.responseTimes(486)).containsExactly(0L, 0L);
  }

  @Test
  void accepted2xxRetransmissionsFromTheCorePassAndTheAckGoesUpUntilTimerL() throws Exception {
    Harness h = new Harness();
    InviteServerTransaction tx = receiveInvite(h, invite());
    tx.respond(response(invite(), 200, "OK", "uas"));
    assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);

    h.atMillis(500);
    tx.respond(response(invite(), 200, "OK", "uas")); // the UAS retransmitted, the core forwards
    h.receive(invite(), CALLER_UDP); // absorbed, not answered (RFC 6026)
    h.receive(ackForNon2xx("uas"), CALLER_UDP); // same branch as the INVITE: to the core

    assertThat(h.transport.responseTimes(200)).containsExactly(0L, 500L);
    assertThat(h.user.events).containsExactly("request INVITE", "ack public");
    assertThatThrownBy(() -> tx.respond(response(invite(), 486, "Busy Here", "uas")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot send 486 on INVITE_SERVER in state ACCEPTED");

    h.atMillis(31_999);
    assertThat(tx.state()).isEqualTo(TransactionState.ACCEPTED);
    h.atMillis(32_000); // Timer L
    assertThat(tx.state()).isEqualTo(TransactionState.TERMINATED);
  }

  @Test
  void respondCancelledSends487WithOwnToTagOnlyWhilePending() throws Exception {
    Harness h = new Harness();
    InviteServerTransaction tx = receiveInvite(h, invite());

    assertThat(tx.respondCancelled()).isTrue();
    assertThat(Messages.text(h.transport.last().message()))
        .isEqualTo(
            """
            SIP/2.0 487 Request Terminated
            Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcaller1
            From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
            To: Bob <sip:bob@biloxi.example.com>;tag=tag1
            Call-ID: a84b4c76e66710@pc33.atlanta.example.com
            CSeq: 314159 INVITE
            Content-Length: 0

            """);
    assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
    assertThat(tx.respondCancelled()).isFalse();
    assertThat(h.transport.responseTimes(487)).hasSize(1);
  }

  @Test
  void aSecondFinalIsRefused() throws Exception {
    Harness h = new Harness();
    InviteServerTransaction tx = receiveInvite(h, invite());
    tx.respond(response(invite(), 480, "Temporarily Unavailable", "uas"));
    assertThatThrownBy(() -> tx.respond(response(invite(), 180, "Ringing", "uas")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot send 180 on INVITE_SERVER in state COMPLETED");
  }
}
