package io.isthmus.proxy.core;

import static io.isthmus.proxy.core.CoreHarness.CALLEE_SDP;
import static io.isthmus.proxy.core.CoreHarness.GW1;
import static io.isthmus.proxy.core.CoreHarness.GW2;
import static io.isthmus.proxy.core.CoreHarness.answer;
import static io.isthmus.proxy.core.CoreHarness.invite;
import static io.isthmus.proxy.core.CoreHarness.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.sip.message.SipRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's call load (algorithm 10) counts a call from the choice of its gateway until the
 * attempt fails or the answered call ends (BYE either way, or session expiry), exactly once.
 */
class CallLoadTest {
  private final CoreHarness h = new CoreHarness();

  private int load(String host) {
    Gateway gw =
        h.dispatcher.list().gateways().stream()
            .filter(g -> g.uri().host().equals(host))
            .findFirst()
            .orElseThrow();
    return h.dispatcher.callLoad().active(gw);
  }

  private int totalLoad() {
    return load(GW1) + load(GW2);
  }

  /** Sets up call {@code callId} to the first gateway it is sent to; returns that INVITE. */
  private CoreHarness.Sent answeredCall(String callId) {
    h.fromCaller(invite(callId));
    CoreHarness.Sent sent = lastInvite();
    h.fromPrivate(answer(sent.request(), 200, "OK", "bob", CALLEE_SDP), sent.to());
    return sent;
  }

  private CoreHarness.Sent lastInvite() {
    return h.wire.stream()
        .filter(s -> s.message() instanceof SipRequest r && r.method().name().equals("INVITE"))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private static SipRequest byeFromCaller(String callId, String gateway) {
    return fromCaller("BYE", 2, callId, gateway);
  }

  private static SipRequest fromCaller(String method, int cseq, String callId, String gateway) {
    return request(
        method
            + " sip:bob@"
            + gateway
            + ":5060 SIP/2.0\n"
            + "Via: SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-bye-"
            + callId
            + "\n"
            + "Route: <sip:127.0.1.1:5060;transport=udp;lr>\n"
            + "Route: <sip:127.0.2.1:5060;transport=udp;lr>\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:alice@127.0.1.100>;tag=alice\n"
            + "To: <sip:bob@127.0.1.1>;tag=bob\n"
            + "Call-ID: "
            + callId
            + "\nCSeq: "
            + cseq
            + " "
            + method
            + "\nContent-Length: 0\n\n");
  }

  private static SipRequest byeFromCallee(String callId, String gateway) {
    return request(
        "BYE sip:alice@127.0.1.100:5060 SIP/2.0\n"
            + "Via: SIP/2.0/UDP "
            + gateway
            + ":5060;branch=z9hG4bK-gwbye-"
            + callId
            + "\n"
            + "Route: <sip:127.0.2.1:5060;transport=udp;lr>\n"
            + "Route: <sip:127.0.1.1:5060;transport=udp;lr>\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:bob@127.0.1.1>;tag=bob\n"
            + "To: <sip:alice@127.0.1.100>;tag=alice\n"
            + "Call-ID: "
            + callId
            + "\nCSeq: 1 BYE\nContent-Length: 0\n\n");
  }

  @Test
  void anAnsweredCallCountsUntilTheCallersByeIsAnswered() {
    CoreHarness.Sent sent = answeredCall("l1");
    h.drain(); // the INVITE transactions and the call setup state are gone; the call is not
    assertThat(h.core.activeCalls()).isZero();
    assertThat(load(sent.to())).isEqualTo(1);
    assertThat(h.core.answeredCalls()).isEqualTo(1);

    h.fromCaller(byeFromCaller("l1", sent.to()));
    assertThat(load(sent.to())).as("BYE still pending").isEqualTo(1);
    SipRequest bye = h.requestsTo(sent.to(), "BYE").getFirst().request();
    h.fromPrivate(answer(bye, 200, "OK", null, null), sent.to());

    assertThat(load(sent.to())).isZero();
    assertThat(h.core.answeredCalls()).isZero();
  }

  @Test
  void aByeFromTheCalleeSideEndsTheCallLoadToo() {
    CoreHarness.Sent sent = answeredCall("l2");
    h.fromPrivate(byeFromCallee("l2", sent.to()), sent.to());
    SipRequest bye = h.requestsTo(CoreHarness.CALLER, "BYE").getFirst().request();
    h.fromPublic(answer(bye, 200, "OK", null, null), CoreHarness.CALLER);

    assertThat(totalLoad()).isZero();
    // a retransmitted BYE and its answer change nothing: ended exactly once
    h.fromPrivate(byeFromCallee("l2", sent.to()), sent.to());
    assertThat(totalLoad()).isZero();
  }

  @Test
  void aFailedAttemptEndsItsLoadAndTheAnsweredGatewayKeepsTheCall() {
    h.fromCaller(invite("l3"));
    CoreHarness.Sent first = lastInvite();
    assertThat(load(first.to())).isEqualTo(1);
    h.fromPrivate(answer(first.request(), 503, "Service Unavailable", "x", null), first.to());
    CoreHarness.Sent second = lastInvite();
    assertThat(second.to()).isNotEqualTo(first.to());
    assertThat(load(first.to())).isZero();
    assertThat(load(second.to())).isEqualTo(1);

    h.fromPrivate(answer(second.request(), 200, "OK", "bob", CALLEE_SDP), second.to());
    h.drain();
    assertThat(load(first.to())).isZero();
    assertThat(load(second.to())).isEqualTo(1);
  }

  @Test
  void aRejectedOrCancelledCallLeavesNoLoad() {
    h.fromCaller(invite("l4"));
    CoreHarness.Sent sent = lastInvite();
    h.fromPrivate(answer(sent.request(), 486, "Busy Here", "bob", null), sent.to());
    assertThat(totalLoad()).isZero();

    h.fromCaller(invite("l5"));
    h.fromCaller(
        request(
            CoreHarness.inviteHead("l5")
                    .replace("INVITE sip:", "CANCEL sip:")
                    .replace("1 INVITE", "1 CANCEL")
                + "Content-Length: 0\n\n"));
    h.drain();
    assertThat(totalLoad()).isZero();
    assertThat(h.core.answeredCalls()).isZero();
  }

  @Test
  void aCallWhoseByeNeverComesExpiresAfterTheSessionExpiryAndFreesItsMedia() {
    CoreHarness.Sent sent = answeredCall("l6");
    h.advance(AnsweredCalls.DEFAULT_SESSION_EXPIRY.minusMinutes(1));
    assertThat(load(sent.to())).isEqualTo(1);
    assertThat(h.media.commands("delete")).isEmpty();

    h.advance(Duration.ofMinutes(2));
    assertThat(load(sent.to())).isZero();
    assertThat(h.core.answeredCalls()).isZero();
    assertThat(h.media.commands("delete")).containsExactly("delete l6 from=bob");
  }

  @Test
  void anInDialogRequestReArmsTheSessionExpiry() {
    CoreHarness.Sent sent = answeredCall("l7");
    h.advance(AnsweredCalls.DEFAULT_SESSION_EXPIRY.minusMinutes(10));
    h.fromCaller(fromCaller("INFO", 3, "l7", sent.to()));
    h.advance(Duration.ofMinutes(20));
    assertThat(load(sent.to())).isEqualTo(1);
    h.advance(AnsweredCalls.DEFAULT_SESSION_EXPIRY);
    assertThat(load(sent.to())).isZero();
  }
}
