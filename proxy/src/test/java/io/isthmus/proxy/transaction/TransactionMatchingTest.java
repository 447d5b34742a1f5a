package io.isthmus.proxy.transaction;

import static io.isthmus.proxy.transaction.Harness.CALLER_UDP;
import static io.isthmus.proxy.transaction.Harness.GATEWAY_UDP;
import static io.isthmus.proxy.transaction.Messages.ack;
import static io.isthmus.proxy.transaction.Messages.fromCaller;
import static io.isthmus.proxy.transaction.Messages.invite;
import static io.isthmus.proxy.transaction.Messages.proxied;
import static io.isthmus.proxy.transaction.Messages.proxiedInvite;
import static io.isthmus.proxy.transaction.Messages.request;
import static io.isthmus.proxy.transaction.Messages.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

class TransactionMatchingTest {

  private static SipRequest cancelOf(SipRequest invite) {
    return request(
        Messages.text(invite)
            .replace("INVITE sip:", "CANCEL sip:")
            .replace("CSeq: 314159 INVITE", "CSeq: 314159 CANCEL")
            .replace("Contact: <sip:alice@192.0.2.10>\n", ""));
  }

  @Test
  void ackFor2xxIsPassedToCore() throws Exception {
    Harness h = new Harness();
    h.receive(invite(), CALLER_UDP);
    h.user.serverTransactions.getFirst().respond(response(invite(), 200, "OK", "uas"));
    h.atMillis(32_000); // Timer L: the INVITE transaction is gone
    h.transport.clear();

    h.receive(ack("z9hG4bKcaller-ack", "uas"), CALLER_UDP);
    assertThat(h.user.events).endsWith("ack public");
    assertThat(h.user.acks.getFirst().topVia().branch()).isEqualTo("z9hG4bKcaller-ack");
    assertThat(h.transport.sent()).isEmpty();
    assertThat(h.layer.serverTransactionCount()).isZero();
  }

  @Test
  void ackWithAnotherBranchIsPassedToCoreEvenWhileTheInviteIsPending() throws Exception {
    Harness h = new Harness();
    h.receive(invite(), CALLER_UDP);
    h.receive(ack("z9hG4bKother", "uas"), CALLER_UDP);
    assertThat(h.user.events).containsExactly("request INVITE", "ack public");
  }

  @Test
  void cancelMatchesInviteServerTransaction() throws Exception {
    Harness h = new Harness();
    h.receive(invite(), CALLER_UDP);
    InviteServerTransaction invite = (InviteServerTransaction) h.user.serverTransactions.get(0);
    SipRequest cancel = cancelOf(invite());
    h.receive(cancel, CALLER_UDP);

    assertThat(h.user.events).containsExactly("request INVITE", "request CANCEL");
    ServerTransaction cancelTx = h.user.serverTransactions.get(1);
    assertThat(cancelTx.kind()).isEqualTo(TransactionKind.NON_INVITE_SERVER);
    assertThat(h.layer.findCancelled(cancel)).containsSame(invite);

    // the core: 200 to the CANCEL, then 487 to the INVITE
    cancelTx.respond(response(cancel, 200, "OK", "tag-c"));
    assertThat(invite.respondCancelled()).isTrue();
    assertThat(h.transport.startLines())
        .containsExactly("SIP/2.0 100 Trying", "SIP/2.0 200 OK", "SIP/2.0 487 Request Terminated");
    assertThat(h.transport.last().message().cseq().toString()).isEqualTo("314159 INVITE");
  }

  @Test
  void cancelOfAnUnknownInviteFindsNothing() throws Exception {
    Harness h = new Harness();
    h.receive(invite(), CALLER_UDP);
    SipRequest stray =
        cancelOf(request(Messages.text(invite()).replace("z9hG4bKcaller1", "z9hG4bKunknown")));
    assertThat(h.layer.findCancelled(stray)).isEmpty();
    assertThatThrownBy(() -> h.layer.findCancelled(invite()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sameBranchFromAnotherSentByIsAnotherTransaction() throws Exception {
    Harness h = new Harness();
    h.receive(invite(), CALLER_UDP);
    h.receive(
        request(Messages.text(invite()).replace("192.0.2.10:5060;branch", "192.0.2.99;branch")),
        CALLER_UDP);
    assertThat(h.user.events).containsExactly("request INVITE", "request INVITE");
  }

  @Test
  void sentByHostIsMatchedIgnoringCase() throws Exception {
    Harness h = new Harness();
    SipRequest named =
        request(
            Messages.text(invite()).replace("192.0.2.10:5060;branch", "PC33.example.com;branch"));
    h.receive(named, CALLER_UDP);
    h.receive(
        request(Messages.text(named).replace("PC33.example.com", "pc33.EXAMPLE.com")), CALLER_UDP);
    assertThat(h.user.events).containsExactly("request INVITE");
  }

  @Test
  void rfc2543FallbackMatching() throws Exception {
    Harness h = new Harness();
    SipRequest legacy =
        request(Messages.text(invite()).replace(";branch=z9hG4bKcaller1", ";branch=1234"));
    h.receive(legacy, CALLER_UDP);
    InviteServerTransaction tx = (InviteServerTransaction) h.user.serverTransactions.getFirst();

    h.receive(legacy, CALLER_UDP); // retransmission: the 100 again
    assertThat(h.transport.startLines())
        .containsExactly("SIP/2.0 100 Trying", "SIP/2.0 100 Trying");
    assertThat(h.layer.findCancelled(cancelOf(legacy))).containsSame(tx);

    // a request differing in the CSeq number is another transaction
    h.receive(request(Messages.text(legacy).replace("CSeq: 314159", "CSeq: 314160")), CALLER_UDP);
    assertThat(h.user.events).containsExactly("request INVITE", "request INVITE");

    tx.respond(response(legacy, 486, "Busy Here", "uas"));
    // an ACK whose To tag is not the one of the 486 acknowledges something else: to the core
    h.receive(legacy2543Ack(legacy, "someone-else"), CALLER_UDP);
    assertThat(h.user.events).endsWith("ack public");
    assertThat(tx.state()).isEqualTo(TransactionState.COMPLETED);
    // the ACK of the 486: same Request-URI, From tag, Call-ID, CSeq number, top Via; To tag of 486
    h.receive(legacy2543Ack(legacy, "uas"), CALLER_UDP);
    assertThat(tx.state()).isEqualTo(TransactionState.CONFIRMED);
  }

  @Test
  void rfc2543ViaWithoutBranchIsMatchedToo() throws Exception {
    Harness h = new Harness();
    SipRequest legacy = request(Messages.text(invite()).replace(";branch=z9hG4bKcaller1", ""));
    h.receive(legacy, CALLER_UDP);
    h.receive(legacy, CALLER_UDP);
    assertThat(h.user.events).containsExactly("request INVITE");
    assertThat(h.layer.metrics().retransmissionsAbsorbed()).isEqualTo(1);
  }

  private static SipRequest legacy2543Ack(SipRequest invite, String toTag) {
    return request(
        Messages.text(invite)
            .replace("INVITE sip:", "ACK sip:")
            .replace("CSeq: 314159 INVITE", "CSeq: 314159 ACK")
            .replace(
                "To: Bob <sip:bob@biloxi.example.com>",
                "To: Bob <sip:bob@biloxi.example.com>;tag=" + toTag));
  }

  @Test
  void responsesMatchClientTransactionsByBranchAndCSeqMethod() throws Exception {
    Harness h = new Harness();
    SipRequest invite = proxiedInvite();
    InviteClientTransaction tx =
        (InviteClientTransaction) h.layer.newClientTransaction(invite, GATEWAY_UDP);
    h.receive(response(invite, 180, "Ringing", "gw"), GATEWAY_UDP);
    tx.cancel();
    SipRequest cancel = (SipRequest) h.transport.last().message();

    h.receive(response(cancel, 200, "OK", "gw"), GATEWAY_UDP); // the CANCEL's, same branch
    assertThat(tx.state()).isEqualTo(TransactionState.PROCEEDING);
    h.receive(
        response(proxied("BYE", "z9hG4bKnobody", 1), 200, "OK", "gw"), GATEWAY_UDP); // no such
    assertThat(h.user.events).containsExactly("response 180 INVITE", "stray 200");
    assertThat(h.layer.metrics().strayResponses()).isEqualTo(1);
  }

  @Test
  void newClientTransactionRefusesAcksLegacyBranchesAndDuplicates() throws Exception {
    Harness h = new Harness();
    assertThatThrownBy(() -> h.layer.newClientTransaction(ack("z9hG4bKa", "x"), GATEWAY_UDP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an ACK is not sent on a client transaction");
    SipRequest legacy =
        request(Messages.text(proxiedInvite()).replace("branch=z9hG4bKproxy1", "branch=old"));
    assertThatThrownBy(() -> h.layer.newClientTransaction(legacy, GATEWAY_UDP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("top Via has no RFC 3261 branch");
    h.layer.newClientTransaction(proxiedInvite(), GATEWAY_UDP);
    assertThatThrownBy(() -> h.layer.newClientTransaction(proxiedInvite(), GATEWAY_UDP))
        .isInstanceOf(IllegalStateException.class);
    assertThat(h.layer.clientTransactionCount()).isEqualTo(1);
  }

  @Test
  void requestWithoutViaIsAParseErrorAndCreatesNothing() throws Exception {
    Harness h = new Harness();
    SipRequest noVia =
        request(
            Messages.text(fromCaller("OPTIONS", "z9hG4bKx", 1)).replaceAll("Via: [^\n]*\n", ""));
    assertThatThrownBy(() -> h.layer.onRequest(noVia, CALLER_UDP))
        .isInstanceOf(SipParseException.class)
        .hasMessageContaining("missing Via header");
    assertThat(h.layer.serverTransactionCount()).isZero();
    assertThat(h.user.events).isEmpty();
  }
}
