package io.isthmus.proxy.core;

import static io.isthmus.proxy.core.CoreHarness.CALLEE_SDP;
import static io.isthmus.proxy.core.CoreHarness.CALLER;
import static io.isthmus.proxy.core.CoreHarness.answer;
import static io.isthmus.proxy.core.CoreHarness.invite;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

class CallTableTest {
  private final CoreHarness h = new CoreHarness();

  private CoreHarness.Sent forwardedInvite() {
    return h.wire.stream()
        .filter(s -> s.message() instanceof SipRequest r && r.method().name().equals("INVITE"))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void listsACallWhileSettingUpThenAnsweredWithItsGatewayAndNetworks() throws Exception {
    h.fromCaller(invite("t1"));
    CoreHarness.Sent sent = forwardedInvite();

    ProxyCall ringing = h.core.calls().getFirst();
    assertThat(ringing.callId()).isEqualTo("t1");
    assertThat(ringing.state()).isEqualTo(ProxyCall.SETTING_UP);
    assertThat(ringing.callerTag()).isEqualTo("alice");
    assertThat(ringing.callerNetwork()).isEqualTo("public");
    assertThat(ringing.calleeNetwork()).isEqualTo("private");
    assertThat(ringing.gatewaySet()).isEqualTo("2");
    assertThat(ringing.gateway()).isEqualTo("sip:" + sent.to() + ":5060");

    h.fromPrivate(answer(sent.request(), 200, "OK", "bob", CALLEE_SDP), sent.to());
    h.drain(); // the INVITE transactions end; the answered call stays listed
    ProxyCall answered = h.core.calls().getFirst();
    assertThat(answered.state()).isEqualTo(ProxyCall.ANSWERED);
    assertThat(answered.calleeTag()).isEqualTo("bob");
    assertThat(answered.answeredEpochMillis()).isGreaterThan(0);
    assertThat(h.core.callTotals()).containsExactly(1L, 1L);
  }

  @Test
  void aFailedCallLeavesTheTable() throws Exception {
    h.fromCaller(invite("t2"));
    CoreHarness.Sent sent = forwardedInvite();
    h.fromPrivate(answer(sent.request(), 486, "Busy Here", "bob", null), sent.to());
    assertThat(h.statusesTo(CALLER)).contains(486);
    assertThat(h.core.calls()).isEmpty();
  }

  @Test
  void terminatingARingingCallCancelsItBothWays() throws Exception {
    h.fromCaller(invite("t3"));
    CoreHarness.Sent sent = forwardedInvite();
    h.fromPrivate(answer(sent.request(), 180, "Ringing", "bob", null), sent.to());

    assertThat(h.core.terminate("t3")).isEqualTo("cancelled");

    assertThat(h.statusesTo(CALLER)).contains(487);
    assertThat(h.requestsTo(sent.to(), "CANCEL")).hasSize(1);
    assertThat(h.media.commands("delete")).hasSize(1);
    assertThat(h.core.calls()).isEmpty();
  }

  @Test
  void terminatingAnAnsweredCallHangsUpBothSidesDeletesItsMediaAndEndsItsLoad() throws Exception {
    h.fromCaller(invite("t4"));
    CoreHarness.Sent sent = forwardedInvite();
    h.fromPrivate(answer(sent.request(), 200, "OK", "bob", CALLEE_SDP), sent.to());
    h.drain();
    assertThat(h.core.answeredCalls()).isEqualTo(1);

    assertThat(h.core.terminate("t4")).isEqualTo("bye-sent");

    assertThat(h.requestsTo(CALLER, "BYE")).hasSize(1);
    assertThat(h.requestsTo(CoreHarness.GW1, "BYE")).hasSize(1);

    assertThat(h.media.commands("delete")).hasSize(1);
    assertThat(h.core.answeredCalls()).isZero();
    assertThat(h.core.calls()).isEmpty();
    assertThat(h.core.terminate("t4")).isEqualTo("unknown");
  }
}
