package io.isthmus.proxy.core;

import static io.isthmus.proxy.core.CoreHarness.CALLEE_SDP;
import static io.isthmus.proxy.core.CoreHarness.CALLER;
import static io.isthmus.proxy.core.CoreHarness.CALLER_SDP;
import static io.isthmus.proxy.core.CoreHarness.answer;
import static io.isthmus.proxy.core.CoreHarness.request;
import static io.isthmus.proxy.core.CoreHarness.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

/**
 * {@link ProxyCore#terminate} on an answered call: a BYE to each party, in the name of the other,
 * along the dialog's route set, numbered above the CSeq that party last saw.
 */
class TerminateTest {
  private final CoreHarness h = new CoreHarness();

  /** Sets up call {@code callId} to the 2xx (ACK not needed) and returns the gateway's address. */
  private String answered(SipRequest invite, String extraRecordRouteAtCallee, String contact) {
    h.fromCaller(invite);
    CoreHarness.Sent sent =
        h.requestsTo(CoreHarness.GW1, "INVITE").isEmpty()
            ? h.requestsTo(CoreHarness.GW2, "INVITE").getFirst()
            : h.requestsTo(CoreHarness.GW1, "INVITE").getFirst();
    String ok =
        new String(
                answer(sent.request(), 200, "OK", "bob", CALLEE_SDP).toBytes(),
                java.nio.charset.StandardCharsets.UTF_8)
            .replace("\r\n", "\n");
    if (extraRecordRouteAtCallee != null) {
      ok =
          ok.replaceFirst(
              "Record-Route: ", "Record-Route: " + extraRecordRouteAtCallee + "\nRecord-Route: ");
    }
    if (contact != null) {
      ok = ok.replace("Contact: <sip:bob@127.0.2.11:5060>", contact);
    }
    h.fromPrivate(CoreHarness.parse(ok), sent.to());
    h.drain();
    assertThat(h.statusesTo(CALLER)).contains(200);
    return sent.to();
  }

  private SipRequest byeTo(String address) {
    assertThat(h.requestsTo(address, "BYE")).hasSize(1);
    return h.requestsTo(address, "BYE").getFirst().request();
  }

  @Test
  void sendsAByeToEachPartyInTheNameOfTheOther() throws Exception {
    String gw = answered(CoreHarness.invite("x1"), null, null);
    h.wire.clear();

    assertThat(h.core.terminate("x1")).isEqualTo("bye-sent");

    // to the callee's Contact (the harness's callees all give 127.0.2.11), not the gateway
    CoreHarness.Sent toCallee = h.requestsTo(CoreHarness.GW1, "BYE").getFirst();
    SipRequest b = toCallee.request();
    assertThat(b.requestUriText()).isEqualTo("sip:bob@127.0.2.11:5060");
    assertThat(toCallee.hop().socket()).isEqualTo("udp:127.0.2.1:5060");
    assertThat(toCallee.hop().remote().getPort()).isEqualTo(5060);
    assertThat(b.routes()).isEmpty();
    assertThat(b.headerValue(HeaderName.FROM)).contains("<sip:alice@127.0.1.100>;tag=alice");
    assertThat(b.headerValue(HeaderName.TO)).contains("<sip:bob@127.0.1.1>;tag=bob");
    assertThat(b.callId()).isEqualTo("x1");
    assertThat(b.cseq().number()).isEqualTo(2); // the caller's INVITE was 1
    assertThat(b.cseq().method()).isEqualTo("BYE");
    assertThat(b.vias()).hasSize(1);
    assertThat(b.topVia().host()).isEqualTo("127.0.2.1");
    assertThat(b.topVia().branch()).startsWith("z9hG4bK");
    assertThat(b.maxForwards()).isEqualTo(70);

    CoreHarness.Sent toCaller = h.requestsTo(CALLER, "BYE").getFirst();
    SipRequest a = toCaller.request();
    assertThat(a.requestUriText()).isEqualTo("sip:alice@127.0.1.100:5060");
    assertThat(toCaller.hop().socket()).isEqualTo("udp:127.0.1.1:5060");
    assertThat(a.routes()).isEmpty();
    assertThat(a.headerValue(HeaderName.FROM)).contains("<sip:bob@127.0.1.1>;tag=bob");
    assertThat(a.headerValue(HeaderName.TO)).contains("<sip:alice@127.0.1.100>;tag=alice");
    assertThat(a.callId()).isEqualTo("x1");
    assertThat(a.cseq().number()).isEqualTo(1); // the callee never sent a request
    assertThat(a.topVia().host()).isEqualTo("127.0.1.1");
    assertThat(a.vias()).hasSize(1);

    assertThat(h.media.commands("delete")).containsExactly("delete x1 from=alice");
    assertThat(h.core.answeredCalls()).isZero();
    assertThat(h.core.calls()).isEmpty();
    assertThat(h.dispatcher.list().gateways().stream().mapToInt(h.dispatcher.callLoad()::active))
        .containsOnly(0);

    h.fromPrivate(answer(b, 200, "OK", null, null), gw);
    h.fromPublic(answer(a, 200, "OK", null, null), CALLER);
    h.drain();
    assertThat(h.core.pendingBranches()).isZero();
    assertThat(h.core.layer().clientTransactionCount()).isZero();
    assertThat(h.statusesTo(CALLER)).isEmpty(); // the 200s end there: nothing relayed
    assertThat(h.core.terminate("x1")).isEqualTo("unknown");
  }

  @Test
  void followsTheRouteSetOnEachSideAndNumbersAboveTheHighestCSeqSeen() throws Exception {
    // an upstream proxy on the public side and a downstream one on the private side record-route
    SipRequest invite =
        request(
            withBody(
                CoreHarness.inviteHead("x2")
                    .replace(
                        "Max-Forwards: 70\n",
                        "Max-Forwards: 70\nRecord-Route: <sip:127.0.1.50;lr>\n"),
                CALLER_SDP));
    answered(invite, "<sip:127.0.2.60:5070;lr>", null);
    // a re-INVITE from the caller (CSeq 7) and an INFO from the callee (CSeq 40)
    h.fromPublic(
        request(inDialog("INVITE", 7, "alice", "bob", "127.0.2.11") + "Content-Length: 0\n\n"),
        "127.0.1.50");
    h.fromPrivate(
        request(inDialog("INFO", 40, "bob", "alice", "127.0.1.100") + "Content-Length: 0\n\n"),
        "127.0.2.60");
    h.drain();
    h.wire.clear();

    assertThat(h.core.terminate("x2")).isEqualTo("bye-sent");

    CoreHarness.Sent toCallee = h.requestsTo("127.0.2.60", "BYE").getFirst();
    assertThat(toCallee.hop().remote().getPort()).isEqualTo(5070);
    assertThat(toCallee.hop().socket()).isEqualTo("udp:127.0.2.1:5060");
    SipRequest b = toCallee.request();
    assertThat(b.requestUriText()).isEqualTo("sip:bob@127.0.2.11:5060");
    assertThat(b.headerValues(HeaderName.ROUTE)).containsExactly("<sip:127.0.2.60:5070;lr>");
    assertThat(b.cseq().number()).isEqualTo(8);

    CoreHarness.Sent toCaller = h.requestsTo("127.0.1.50", "BYE").getFirst();
    assertThat(toCaller.hop().socket()).isEqualTo("udp:127.0.1.1:5060");
    SipRequest a = toCaller.request();
    assertThat(a.requestUriText()).isEqualTo("sip:alice@127.0.1.100:5060");
    assertThat(a.headerValues(HeaderName.ROUTE)).containsExactly("<sip:127.0.1.50;lr>");
    assertThat(a.cseq().number()).isEqualTo(41);
    assertThat(h.requestsTo(CALLER, "BYE")).isEmpty();
  }

  @Test
  void aCalleeContactWithAHostNameGetsItsByeThroughTheGateway() throws Exception {
    String gw = answered(CoreHarness.invite("x3"), null, "Contact: <sip:bob@pbx.example.com>");
    h.wire.clear();

    assertThat(h.core.terminate("x3")).isEqualTo("bye-sent");

    SipRequest b = byeTo(gw);
    assertThat(b.requestUriText()).isEqualTo("sip:bob@pbx.example.com");
    assertThat(h.requestsTo(CALLER, "BYE")).hasSize(1);
  }

  @Test
  void anAnsweredCallWhose2xxHadNoContactOnlyLosesItsMedia() throws Exception {
    answered(CoreHarness.invite("x4"), null, "Subject: no contact");
    h.wire.clear();

    assertThat(h.core.terminate("x4")).isEqualTo("media-deleted");

    assertThat(h.wire).isEmpty();
    assertThat(h.media.commands("delete")).containsExactly("delete x4 from=alice");
    assertThat(h.core.answeredCalls()).isZero();
  }

  /** An in-dialog request of call x2 after the route set of the test above. */
  private static String inDialog(String method, int cseq, String from, String to, String target) {
    String fromUri = from.equals("alice") ? "sip:alice@127.0.1.100" : "sip:bob@127.0.1.1";
    String toUri = to.equals("alice") ? "sip:alice@127.0.1.100" : "sip:bob@127.0.1.1";
    String routes =
        from.equals("alice")
            ? "Route: <sip:127.0.1.1:5060;transport=udp;lr>\n"
                + "Route: <sip:127.0.2.1:5060;transport=udp;lr>\n"
                + "Route: <sip:127.0.2.60:5070;lr>\n"
            : "Route: <sip:127.0.2.1:5060;transport=udp;lr>\n"
                + "Route: <sip:127.0.1.1:5060;transport=udp;lr>\n"
                + "Route: <sip:127.0.1.50;lr>\n";
    return method
        + " sip:"
        + from
        + "-target@"
        + target
        + ":5060 SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.0.9:5060;branch=z9hG4bK-"
        + method
        + cseq
        + "\n"
        + routes
        + "Max-Forwards: 70\n"
        + "From: <"
        + fromUri
        + ">;tag="
        + from
        + "\n"
        + "To: <"
        + toUri
        + ">;tag="
        + to
        + "\n"
        + "Call-ID: x2\n"
        + "CSeq: "
        + cseq
        + " "
        + method
        + "\n";
  }
}
