package io.isthmus.proxy.core;

import static io.isthmus.proxy.core.CoreHarness.CALLEE_SDP;
import static io.isthmus.proxy.core.CoreHarness.CALLER;
import static io.isthmus.proxy.core.CoreHarness.CALLER_SDP;
import static io.isthmus.proxy.core.CoreHarness.GW1;
import static io.isthmus.proxy.core.CoreHarness.answer;
import static io.isthmus.proxy.core.CoreHarness.body;
import static io.isthmus.proxy.core.CoreHarness.request;
import static io.isthmus.proxy.core.CoreHarness.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

/** In-dialog requests after double record-routing: loose routing and media in both directions. */
class InDialogTest {
  private final CoreHarness h = new CoreHarness();

  /** A request from the callee (gateway 127.0.2.11) back to the caller through both our Routes. */
  private static String fromCallee(String method, int cseq) {
    return method
        + " sip:alice@127.0.1.100:5060 SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.2.11:5060;branch=z9hG4bK-gw-"
        + method
        + cseq
        + "\n"
        + "Route: <sip:127.0.2.1:5060;transport=udp;lr>\n"
        + "Route: <sip:127.0.1.1:5060;transport=udp;lr>\n"
        + "Max-Forwards: 70\n"
        + "From: <sip:bob@127.0.1.1>;tag=bob\n"
        + "To: <sip:alice@127.0.1.100>;tag=alice\n"
        + "Call-ID: d1\n"
        + "CSeq: "
        + cseq
        + " "
        + method
        + "\n"
        + "Contact: <sip:bob@127.0.2.11:5060>\n";
  }

  private static String fromCaller(String method, int cseq) {
    return method
        + " sip:bob@127.0.2.11:5060 SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-alice-"
        + method
        + cseq
        + "\n"
        + "Route: <sip:127.0.1.1:5060;transport=udp;lr>\n"
        + "Route: <sip:127.0.2.1:5060;transport=udp;lr>\n"
        + "Max-Forwards: 70\n"
        + "From: <sip:alice@127.0.1.100>;tag=alice\n"
        + "To: <sip:bob@127.0.1.1>;tag=bob\n"
        + "Call-ID: d1\n"
        + "CSeq: "
        + cseq
        + " "
        + method
        + "\n";
  }

  @Test
  void reInviteFromTheCalleeSideIsOfferedWithTheReversedDirection() throws Exception {
    h.fromPrivate(request(withBody(fromCallee("INVITE", 2), CALLEE_SDP)), GW1);

    assertThat(h.media.log)
        .containsExactly(
            "offer d1 from=bob to=alice dir=[private, public] sdp=o=bob 2 2 IN IP4 127.0.2.11");
    CoreHarness.Sent sent = h.requestsTo(CALLER, "INVITE").getFirst();
    assertThat(sent.hop().socket()).isEqualTo("udp:127.0.1.1:5060");
    SipRequest out = sent.request();
    assertThat(out.routes()).isEmpty();
    assertThat(out.recordRoutes()).isEmpty();
    assertThat(out.topVia().host()).isEqualTo("127.0.1.1");
    assertThat(body(out)).isEqualTo("v=0\r\no=relay offer bob public\r\n");

    h.fromPublic(answer(out, 200, "OK", null, CALLER_SDP), CALLER);
    assertThat(h.media.commands("answer"))
        .containsExactly("answer d1 from=bob to=alice sdp=o=alice 1 1 IN IP4 127.0.1.100");
    assertThat(h.statusesTo(GW1)).containsExactly(100, 200);
    assertThat(body(h.lastTo(GW1).message())).isEqualTo("v=0\r\no=relay answer alice\r\n");
    assertThat(h.lastTo(GW1).response().vias()).hasSize(1);
  }

  @Test
  void holdFromTheCallerIsOfferedPublicToPrivate() throws Exception {
    h.fromCaller(request(withBody(fromCaller("INVITE", 3), CALLER_SDP + "a=sendonly\n")));
    assertThat(h.media.log)
        .containsExactly(
            "offer d1 from=alice to=bob dir=[public, private] sdp=o=alice 1 1 IN IP4 127.0.1.100");
    assertThat(h.requestsTo(GW1, "INVITE")).hasSize(1);
  }

  @Test
  void reInviteWithoutSdpTakesThe2xxAsOfferFromTheAnswerer() throws Exception {
    h.fromCaller(request(fromCaller("INVITE", 4) + "Content-Length: 0\n\n"));
    SipRequest out = h.requestsTo(GW1, "INVITE").getFirst().request();
    h.fromPrivate(answer(out, 200, "OK", null, CALLEE_SDP), GW1);
    assertThat(h.media.log)
        .containsExactly(
            "offer d1 from=bob to=alice dir=[private, public] sdp=o=bob 2 2 IN IP4 127.0.2.11");
  }

  @Test
  void byeDeletesTheCallAndIsLooseRoutedToTheRemoteTarget() throws Exception {
    h.fromCaller(request(fromCaller("BYE", 5) + "Content-Length: 0\n\n"));

    assertThat(h.media.log).containsExactly("delete d1 from=alice");
    CoreHarness.Sent sent = h.requestsTo(GW1, "BYE").getFirst();
    assertThat(sent.hop().socket()).isEqualTo("udp:127.0.2.1:5060");
    assertThat(sent.hop().remote().getPort()).isEqualTo(5060);
    assertThat(sent.request().routes()).isEmpty();
    assertThat(sent.request().maxForwards()).isEqualTo(69);

    h.fromPrivate(answer(sent.request(), 200, "OK", null, null), GW1);
    assertThat(h.statusesTo(CALLER)).containsExactly(200);
    h.drain();
    assertThat(h.core.pendingBranches()).isZero();
    assertThat(h.core.layer().serverTransactionCount()).isZero();
  }

  @Test
  void updateRejectedByTheRelayGets488() throws Exception {
    h.media.next = new io.isthmus.proxy.media.MediaResult.Rejected("Incomplete SDP specification");
    h.fromCaller(request(withBody(fromCaller("UPDATE", 6), CALLER_SDP)));
    assertThat(h.statusesTo(CALLER)).containsExactly(488);
    assertThat(h.sentTo(GW1)).isEmpty();
  }

  @Test
  void infoIsRelayedWithoutMedia() throws Exception {
    h.fromPrivate(request(fromCallee("INFO", 7) + "Content-Length: 0\n\n"), GW1);
    assertThat(h.requestsTo(CALLER, "INFO")).hasSize(1);
    assertThat(h.media.log).isEmpty();
    assertThat(h.requestsTo(CALLER, "INFO").getFirst().request().headerValues(HeaderName.VIA))
        .hasSize(2);
  }

  /** An in-dialog request as sipp's built-in uac sends it: to the proxy, Record-Route ignored. */
  private static String toTheProxy(String method, String toTag) {
    return method
        + " sip:service@127.0.1.1:5060 SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-sipp-"
        + method
        + "\n"
        + "Max-Forwards: 70\n"
        + "From: <sip:sipp@127.0.1.100>;tag=alice\n"
        + "To: <sip:service@127.0.1.1:5060>"
        + (toTag == null ? "" : ";tag=" + toTag)
        + "\n"
        + "Call-ID: d1\n"
        + "CSeq: 2 "
        + method
        + "\n"
        + "Content-Length: 0\n\n";
  }

  @Test
  void byeAddressedToTheProxyWithoutRouteGets404NotHereInsteadOfLooping() throws Exception {
    h.fromCaller(request(toTheProxy("BYE", "bob")));

    assertThat(h.statusesTo(CALLER)).containsExactly(404);
    io.isthmus.sip.message.SipResponse r = h.lastTo(CALLER).response();
    assertThat(r.reasonPhrase()).isEqualTo("Not Found");
    assertThat(r.headerValue(HeaderName.WARNING).orElseThrow()).contains("not here");
    assertThat(h.wire).allMatch(s -> s.message() instanceof io.isthmus.sip.message.SipResponse);
    assertThat(h.media.log).isEmpty();
    h.drain();
    assertThat(h.core.pendingBranches()).isZero();
  }

  @Test
  void ackAddressedToTheProxyWithoutRouteIsDropped() throws Exception {
    h.fromCaller(request(toTheProxy("ACK", "bob")));
    assertThat(h.wire).isEmpty();
    assertThat(h.media.log).isEmpty();
  }

  @Test
  void inDialogOptionsToTheProxyItselfIsStillAnswered200() throws Exception {
    h.fromCaller(
        request(toTheProxy("OPTIONS", "bob").replace("sip:service@127.0.1.1", "sip:127.0.1.1")));
    assertThat(h.statusesTo(CALLER)).containsExactly(200);
  }

  @Test
  void anInitialRequestToAUserAtTheProxyStillGoesToAGateway() throws Exception {
    h.fromCaller(request(toTheProxy("MESSAGE", null)));
    assertThat(
            h.requestsTo(GW1, "MESSAGE").size() + h.requestsTo(CoreHarness.GW2, "MESSAGE").size())
        .isEqualTo(1);
  }
}
