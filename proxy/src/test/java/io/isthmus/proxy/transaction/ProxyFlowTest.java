package io.isthmus.proxy.transaction;

import static io.isthmus.proxy.transaction.Harness.CALLER_UDP;
import static io.isthmus.proxy.transaction.Harness.GATEWAY_UDP;
import static io.isthmus.proxy.transaction.Messages.ackForNon2xx;
import static io.isthmus.proxy.transaction.Messages.invite;
import static io.isthmus.proxy.transaction.Messages.proxiedInvite;
import static io.isthmus.proxy.transaction.Messages.request;
import static io.isthmus.proxy.transaction.Messages.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.FakeClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One INVITE through a minimal core written against {@link TransactionUser}, to show the calls the
 * proxy core makes: forward on a client transaction, relay responses, cancel on CANCEL.
 */
class ProxyFlowTest {

  /** A one-branch forwarding core: just enough §16 to drive both sides of the layer. */
  private static final class MiniCore implements TransactionUser {
    TransactionLayer layer;
    InviteServerTransaction inbound;
    InviteClientTransaction outbound;
    final List<String> log = new ArrayList<>();

    @Override
    public void onRequest(ServerTransaction tx) {
      if (tx instanceof InviteServerTransaction invite) {
        inbound = invite;
        outbound =
            (InviteClientTransaction) layer.newClientTransaction(proxiedInvite(), GATEWAY_UDP);
        return;
      }
      try {
        var target = layer.findCancelled(tx.request());
        tx.respond(response(tx.request(), target.isPresent() ? 200 : 481, "OK", "px"));
        target.ifPresent(t -> outbound.cancel());
      } catch (SipParseException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void onResponse(ClientTransaction tx, SipResponse response) {
      if (response.status() == 100) {
        return; // §16.7 step 3: a 100 is not forwarded
      }
      inbound.respond(response.edit().removeTopVia().build());
    }

    @Override
    public void onAck(SipRequest ack, Hop source) {
      log.add("ack");
    }

    @Override
    public void onTimeout(ClientTransaction tx, Timeout timeout, SipResponse synthetic408) {
      inbound.respond(synthetic408.edit().removeTopVia().build());
    }

    @Override
    public void onStrayResponse(SipResponse response, Hop source) {
      log.add("stray " + response.status());
    }

    @Override
    public void onTransportError(Transaction tx, Throwable cause) {
      log.add("error");
    }

    @Override
    public void onTerminated(Transaction tx) {
      log.add("terminated " + tx.kind());
    }
  }

  @Test
  void cancelledCallRelays487AndEveryTransactionEnds() throws Exception {
    FakeClock clock = new FakeClock();
    RecordingTransport wire = new RecordingTransport(clock);
    MiniCore core = new MiniCore();
    core.layer = new TransactionLayer(TransactionConfig.DEFAULTS, clock, wire, core, () -> "t");
    TransactionLayer layer = core.layer;

    layer.onRequest(invite(), CALLER_UDP);
    SipRequest sent = (SipRequest) wire.last().message();
    clock.advance(java.time.Duration.ofMillis(40));
    layer.onResponse(response(sent, 100, "Trying", null), GATEWAY_UDP);
    layer.onResponse(response(sent, 180, "Ringing", "gw"), GATEWAY_UDP);
    clock.advance(java.time.Duration.ofMillis(3_000));
    layer.onRequest(
        request(
            Messages.text(invite())
                .replace("INVITE sip:", "CANCEL sip:")
                .replace("314159 INVITE", "314159 CANCEL")),
        CALLER_UDP);
    SipRequest cancel = (SipRequest) wire.last().message();
    layer.onResponse(response(cancel, 200, "OK", "gw"), GATEWAY_UDP);
    layer.onResponse(response(sent, 487, "Request Terminated", "gw"), GATEWAY_UDP);
    layer.onRequest(ackForNon2xx("gw"), CALLER_UDP);

    assertThat(wire.sent().stream().map(s -> s.hop().socket() + " " + s.startLine()).toList())
        .containsExactly(
            "public SIP/2.0 100 Trying",
            "private INVITE sip:bob@10.0.0.20 SIP/2.0",
            "public SIP/2.0 180 Ringing",
            "public SIP/2.0 200 OK",
            "private CANCEL sip:bob@10.0.0.20 SIP/2.0",
            "private ACK sip:bob@10.0.0.20 SIP/2.0",
            "public SIP/2.0 487 Request Terminated");
    SipResponse relayed = (SipResponse) wire.last().message();
    assertThat(relayed.vias()).hasSize(1);
    assertThat(relayed.to().tag()).isEqualTo("gw");

    clock.advance(java.time.Duration.ofSeconds(40));
    assertThat(layer.serverTransactionCount()).isZero();
    assertThat(layer.clientTransactionCount()).isZero();
    assertThat(clock.pendingTasks()).isZero();
    assertThat(core.log)
        .containsExactlyInAnyOrder(
            "terminated NON_INVITE_SERVER", "terminated INVITE_SERVER", "terminated INVITE_CLIENT");
    for (TransactionKind kind : TransactionKind.values()) {
      assertThat(layer.metrics().created(kind)).isEqualTo(layer.metrics().terminated(kind));
    }
    assertThat(layer.metrics().created(TransactionKind.NON_INVITE_CLIENT)).isEqualTo(1);
  }
}
