package io.isthmus.proxy.core;

import static io.isthmus.proxy.core.CoreHarness.CALLEE_SDP;
import static io.isthmus.proxy.core.CoreHarness.CALLER;
import static io.isthmus.proxy.core.CoreHarness.GW1;
import static io.isthmus.proxy.core.CoreHarness.GW2;
import static io.isthmus.proxy.core.CoreHarness.answer;
import static io.isthmus.proxy.core.CoreHarness.body;
import static io.isthmus.proxy.core.CoreHarness.invite;
import static io.isthmus.proxy.core.CoreHarness.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

class CallSetupTest {
  private final CoreHarness h = new CoreHarness();

  private CoreHarness.Sent forwardedInvite() {
    return h.wire.stream()
        .filter(s -> s.message() instanceof SipRequest r && r.method().name().equals("INVITE"))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void forwardsInviteToGatewayDoubleRecordRoutedWithTheRelayOffer() throws Exception {
    h.fromCaller(invite("c1"));

    assertThat(h.statusesTo(CALLER)).containsExactly(100);
    assertThat(h.media.log)
        .containsExactly(
            "offer c1 from=alice to=null dir=[public, private] sdp=o=alice 1 1 IN IP4 127.0.1.100");
    CoreHarness.Sent sent = forwardedInvite();
    assertThat(sent.to()).isIn(GW1, GW2);
    assertThat(sent.hop().socket()).isEqualTo("udp:127.0.2.1:5060");
    SipRequest out = sent.request();
    assertThat(out.requestUriText()).isEqualTo("sip:bob@127.0.1.1");
    assertThat(out.maxForwards()).isEqualTo(69);
    assertThat(out.headerValues(HeaderName.RECORD_ROUTE))
        .containsExactly(
            "<sip:127.0.2.1:5060;transport=udp;lr>", "<sip:127.0.1.1:5060;transport=udp;lr>");
    assertThat(out.vias()).hasSize(2);
    assertThat(out.topVia().host()).isEqualTo("127.0.2.1");
    assertThat(out.topVia().isRfc3261Branch()).isTrue();
    assertThat(body(out)).isEqualTo("v=0\r\no=relay offer alice private\r\n");
  }

  @Test
  void relaysRingingAndAnswerThroughTheRelayAndEndsTheCallState() throws Exception {
    h.fromCaller(invite("c2"));
    CoreHarness.Sent sent = forwardedInvite();
    h.fromPrivate(answer(sent.request(), 100, "Trying", null, null), sent.to());
    h.fromPrivate(answer(sent.request(), 180, "Ringing", "bob", null), sent.to());
    h.fromPrivate(answer(sent.request(), 200, "OK", "bob", CALLEE_SDP), sent.to());

    assertThat(h.statusesTo(CALLER)).containsExactly(100, 180, 200);
    SipResponse ok = h.lastTo(CALLER).response();
    assertThat(ok.vias()).hasSize(1);
    assertThat(ok.to().tag()).isEqualTo("bob");
    assertThat(ok.recordRoutes()).hasSize(2);
    assertThat(body(ok)).isEqualTo("v=0\r\no=relay answer bob\r\n");
    assertThat(h.media.commands("answer"))
        .containsExactly("answer c2 from=alice to=bob sdp=o=bob 2 2 IN IP4 127.0.2.11");

    // a retransmitted 200 is relayed again, without a second answer to the relay
    h.fromPrivate(answer(sent.request(), 200, "OK", "bob", CALLEE_SDP), sent.to());
    assertThat(h.statusesTo(CALLER)).containsExactly(100, 180, 200, 200);
    assertThat(h.media.commands("answer")).hasSize(1);
    assertThat(h.media.commands("delete")).isEmpty();

    h.drain();
    assertThat(h.core.activeCalls()).isZero();
    assertThat(h.core.pendingBranches()).isZero();
    assertThat(h.core.layer().clientTransactionCount()).isZero();
    assertThat(h.core.layer().serverTransactionCount()).isZero();
  }

  /**
   * The setup time runs on the core's clock from the INVITE to the 2xx: 1.5 s of fake time is one
   * call in the le=2.5 bucket with a sum of exactly 1.5 s; a refused call counts as failed.
   */
  @Test
  void setupTimesAreTheClockTimeFromInviteTo2xxOrFailure() throws Exception {
    h.fromCaller(invite("c-setup"));
    CoreHarness.Sent sent = forwardedInvite();
    h.fromPrivate(answer(sent.request(), 180, "Ringing", "bob", null), sent.to());
    h.advance(java.time.Duration.ofMillis(1500));
    h.fromPrivate(answer(sent.request(), 200, "OK", "bob", CALLEE_SDP), sent.to());

    SetupTimes t = h.core.setupTimes();
    assertThat(t.count(SetupTimes.Outcome.ANSWERED)).isEqualTo(1);
    assertThat(t.sumSeconds(SetupTimes.Outcome.ANSWERED)).isEqualTo(1.5);
    double[] bounds = SetupTimes.upperBounds();
    long[] counts = t.counts(SetupTimes.Outcome.ANSWERED);
    for (int i = 0; i < bounds.length; i++) {
      assertThat(counts[i]).as("le=" + bounds[i]).isEqualTo(bounds[i] == 2.5 ? 1 : 0);
    }

    h.media.next = new io.isthmus.proxy.media.MediaResult.Rejected("Failed to parse SDP");
    h.fromCaller(invite("c-setup-refused"));
    t = h.core.setupTimes();
    assertThat(t.count(SetupTimes.Outcome.FAILED)).isEqualTo(1);
    assertThat(t.counts(SetupTimes.Outcome.FAILED)[0]).as("le=0.05: at once").isEqualTo(1);
    assertThat(t.count(SetupTimes.Outcome.CANCELLED)).isZero();
    assertThat(t.count(SetupTimes.Outcome.ANSWERED)).isEqualTo(1);
  }

  @Test
  void answers488SendsNothingOnAndDeletesWhatTheRelayMayHoldWhenItRejectsTheOffer() {
    h.media.next = new io.isthmus.proxy.media.MediaResult.Rejected("Failed to parse SDP");
    h.fromCaller(invite("c3"));

    assertThat(h.statusesTo(CALLER)).containsExactly(100, 488);
    SipResponse r = h.lastTo(CALLER).response();
    assertThat(r.headerValue(HeaderName.WARNING).orElseThrow()).contains("Failed to parse SDP");
    assertThat(h.sentTo(GW1)).isEmpty();
    assertThat(h.sentTo(GW2)).isEmpty();
    // a relay may have set up part of the call before refusing it: the failed setup deletes
    assertThat(h.media.commands("delete")).containsExactly("delete c3 from=alice");
    h.drain();
    assertThat(h.core.activeCalls()).isZero();
  }

  @Test
  void answers503WhenNoRelayAnswers() {
    h.media.next = new io.isthmus.proxy.media.MediaResult.Unavailable("timeout");
    h.fromCaller(invite("c4"));

    assertThat(h.statusesTo(CALLER)).containsExactly(100, 503);
    assertThat(h.lastTo(CALLER).response().headerValue(HeaderName.RETRY_AFTER)).isEmpty();
    assertThat(h.sentTo(GW1)).isEmpty();
    assertThat(h.sentTo(GW2)).isEmpty();
  }

  @Test
  void answers503WithRetryAfterAndTriesNoGatewayWhenTheRelayIsAtItsSessionLimit() {
    h.media.next =
        new io.isthmus.proxy.media.MediaResult.Unavailable(
            io.isthmus.ng.NgResponse.SESSION_LIMIT,
            io.isthmus.proxy.media.NgRequests.RETRY_AFTER_SECONDS);
    h.fromCaller(invite("c4l"));

    assertThat(h.statusesTo(CALLER)).containsExactly(100, 503);
    assertThat(h.lastTo(CALLER).response().headerValue(HeaderName.RETRY_AFTER))
        .contains(Integer.toString(io.isthmus.proxy.media.NgRequests.RETRY_AFTER_SECONDS));
    assertThat(h.sentTo(GW1)).isEmpty();
    assertThat(h.sentTo(GW2)).isEmpty();
  }

  @Test
  void cancelDuringRingingAnswers487CancelsTheGatewayAndDeletesMedia() throws Exception {
    h.fromCaller(invite("c5"));
    CoreHarness.Sent sent = forwardedInvite();
    h.fromPrivate(answer(sent.request(), 180, "Ringing", "bob", null), sent.to());
    SipRequest cancel =
        request(
            CoreHarness.inviteHead("c5")
                    .replace("INVITE sip:", "CANCEL sip:")
                    .replace("1 INVITE", "1 CANCEL")
                + "Content-Length: 0\n\n");
    h.fromCaller(cancel);

    assertThat(h.statusesTo(CALLER)).containsExactly(100, 180, 200, 487);
    assertThat(h.requestsTo(sent.to(), "CANCEL")).hasSize(1);
    assertThat(h.media.commands("delete")).containsExactly("delete c5 from=alice");

    SipRequest sentCancel = h.requestsTo(sent.to(), "CANCEL").getFirst().request();
    h.fromPrivate(answer(sentCancel, 200, "OK", "bob", null), sent.to());
    h.fromPrivate(answer(sent.request(), 487, "Request Terminated", "bob", null), sent.to());
    assertThat(h.statusesTo(CALLER)).containsExactly(100, 180, 200, 487);
    assertThat(h.requestsTo(sent.to(), "ACK")).hasSize(1);
    h.drain();
    assertThat(h.core.activeCalls()).isZero();
    assertThat(h.core.layer().clientTransactionCount()).isZero();
  }

  @Test
  void cancelWhileTheOfferIsPendingDeletesTheMediaOnceItExists() throws Exception {
    h.media.hold = true;
    h.fromCaller(invite("c6"));
    h.fromCaller(
        request(
            CoreHarness.inviteHead("c6")
                    .replace("INVITE sip:", "CANCEL sip:")
                    .replace("1 INVITE", "1 CANCEL")
                + "Content-Length: 0\n\n"));
    assertThat(h.statusesTo(CALLER)).containsExactly(100, 200, 487);
    h.media.release();

    assertThat(h.sentTo(GW1)).isEmpty();
    assertThat(h.sentTo(GW2)).isEmpty();
    assertThat(h.media.log).hasSize(2);
    assertThat(h.media.commands("delete")).containsExactly("delete c6 from=alice");
  }

  @Test
  void lateOfferTakesTheAnswerSdpAsTheCalleesOfferAndTheAckAsTheAnswer() throws Exception {
    SipRequest inv = request(CoreHarness.inviteHead("c7") + "Content-Length: 0\n\n");
    h.fromCaller(inv);
    assertThat(h.media.log).isEmpty();
    CoreHarness.Sent sent = forwardedInvite();
    assertThat(sent.request().bodyLength()).isZero();

    h.fromPrivate(answer(sent.request(), 200, "OK", "bob", CALLEE_SDP), sent.to());
    assertThat(h.media.log)
        .containsExactly(
            "offer c7 from=bob to=alice dir=[private, public] sdp=o=bob 2 2 IN IP4 127.0.2.11");
    SipResponse ok = h.lastTo(CALLER).response();
    assertThat(body(ok)).isEqualTo("v=0\r\no=relay offer bob public\r\n");

    SipRequest ack =
        request(
            CoreHarness.withBody(
                "ACK sip:bob@127.0.2.11:5060 SIP/2.0\n"
                    + "Via: SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-ack-c7\n"
                    + "Route: <sip:127.0.1.1:5060;transport=udp;lr>\n"
                    + "Route: <sip:127.0.2.1:5060;transport=udp;lr>\n"
                    + "Max-Forwards: 70\n"
                    + "From: <sip:alice@127.0.1.100>;tag=alice\n"
                    + "To: <sip:bob@127.0.1.1>;tag=bob\n"
                    + "Call-ID: c7\n"
                    + "CSeq: 1 ACK\n",
                CoreHarness.CALLER_SDP));
    h.fromCaller(ack);
    assertThat(h.media.commands("answer"))
        .containsExactly("answer c7 from=bob to=alice sdp=o=alice 1 1 IN IP4 127.0.1.100");
    SipRequest sentAck = h.requestsTo(GW1, "ACK").getFirst().request();
    assertThat(sentAck.routes()).isEmpty();
    assertThat(sentAck.topVia().host()).isEqualTo("127.0.2.1");
    assertThat(body(sentAck)).isEqualTo("v=0\r\no=relay answer alice\r\n");
  }

  @Test
  void finalFailureThatIsNoFailoverIsRelayedAndDeletesMedia() throws Exception {
    h.fromCaller(invite("c8"));
    CoreHarness.Sent sent = forwardedInvite();
    h.fromPrivate(answer(sent.request(), 486, "Busy Here", "bob", null), sent.to());

    assertThat(h.statusesTo(CALLER)).containsExactly(100, 486);
    assertThat(h.requestsTo(GW1, "INVITE").size() + h.requestsTo(GW2, "INVITE").size())
        .isEqualTo(1);
    assertThat(h.media.commands("delete")).containsExactly("delete c8 from=alice");
    assertThat(h.lastTo(CALLER).response().to().tag()).isEqualTo("bob");
    h.drain();
    assertThat(h.core.activeCalls()).isZero();
  }
}
