package io.isthmus.proxy.core;

import static io.isthmus.proxy.core.CoreHarness.CALLEE_SDP;
import static io.isthmus.proxy.core.CoreHarness.CALLER;
import static io.isthmus.proxy.core.CoreHarness.GW1;
import static io.isthmus.proxy.core.CoreHarness.answer;
import static io.isthmus.proxy.core.CoreHarness.invite;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.media.MediaResult;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

/**
 * A callee's 2xx whose SDP the relay refuses: the caller gets 500 (never a dialog without audio),
 * the proxy ACKs and BYEs the callee, and the media and the gateway's call load are freed.
 */
class RefusedAnswerTest {
  private final CoreHarness h = new CoreHarness();

  private CoreHarness.Sent forwardedInvite() {
    return h.wire.stream()
        .filter(s -> s.message() instanceof SipRequest r && r.method().name().equals("INVITE"))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void aRefusedAnswerGivesTheCaller500AndTheCalleeAckAndBye() throws Exception {
    h.fromCaller(invite("r1"));
    CoreHarness.Sent sent = forwardedInvite();
    h.fromPrivate(answer(sent.request(), 180, "Ringing", "bob", null), sent.to());
    h.media.next = new MediaResult.Rejected("Unsupported codec");
    SipResponse ok = answer(sent.request(), 200, "OK", "bob", CALLEE_SDP);
    h.fromPrivate(ok, sent.to());

    assertThat(h.statusesTo(CALLER)).containsExactly(100, 180, 500);
    assertThat(h.lastTo(CALLER).response().headerValue(HeaderName.WARNING).orElseThrow())
        .contains("Unsupported codec");
    // to the Contact of the 2xx (CoreHarness answers with sip:bob@127.0.2.11 from either gateway)
    SipRequest ack = h.requestsTo(GW1, "ACK").getFirst().request();
    SipRequest bye = h.requestsTo(GW1, "BYE").getFirst().request();
    for (SipRequest r : new SipRequest[] {ack, bye}) {
      assertThat(r.requestUriText()).isEqualTo("sip:bob@127.0.2.11:5060"); // the 2xx Contact
      assertThat(r.routes()).isEmpty(); // the gateway is the next hop: no Record-Route above us
      assertThat(r.to().tag()).isEqualTo("bob");
      assertThat(r.from().tag()).isEqualTo("alice");
      assertThat(r.topVia().host()).isEqualTo("127.0.2.1");
      assertThat(r.vias()).hasSize(1);
    }
    assertThat(ack.cseq().number()).isEqualTo(1);
    assertThat(ack.cseq().method()).isEqualTo("ACK");
    assertThat(bye.cseq().number()).isEqualTo(2);
    assertThat(h.media.commands("delete")).containsExactly("delete r1 from=alice");
    assertThat(h.core.answeredCalls()).isEqualTo(1);

    // the callee missed the ACK and retransmits its 2xx: ACKed again, the caller sees nothing
    h.fromPrivate(ok, sent.to());
    assertThat(h.requestsTo(GW1, "ACK")).hasSize(2);
    assertThat(h.statusesTo(CALLER)).containsExactly(100, 180, 500);

    h.fromPrivate(answer(bye, 200, "OK", null, null), sent.to());
    assertThat(h.core.answeredCalls()).isZero();
    assertThat(
            h.dispatcher.list().gateways().stream()
                .mapToInt(g -> h.dispatcher.callLoad().active(g))
                .sum())
        .isZero();
    h.drain();
    assertThat(h.core.activeCalls()).isZero();
    assertThat(h.core.pendingBranches()).isZero();
  }

  @Test
  void aRefusedEarlyAnswerRelaysThe18xWithoutSdpAndTheCallGoesOn() {
    h.fromCaller(invite("r2"));
    CoreHarness.Sent sent = forwardedInvite();
    h.media.next = new MediaResult.Unavailable("timeout");
    h.fromPrivate(answer(sent.request(), 183, "Session Progress", "bob", CALLEE_SDP), sent.to());
    assertThat(h.statusesTo(CALLER)).containsExactly(100, 183);
    assertThat(h.lastTo(CALLER).response().bodyLength()).isZero();

    h.fromPrivate(answer(sent.request(), 200, "OK", "bob", CALLEE_SDP), sent.to());
    assertThat(h.statusesTo(CALLER)).containsExactly(100, 183, 200);
    assertThat(h.requestsTo(sent.to(), "BYE")).isEmpty();
  }
}
