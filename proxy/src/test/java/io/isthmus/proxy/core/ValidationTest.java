package io.isthmus.proxy.core;

import static io.isthmus.proxy.core.CoreHarness.CALLER;
import static io.isthmus.proxy.core.CoreHarness.invite;
import static io.isthmus.proxy.core.CoreHarness.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

/** §16.3 request validation and the requests the proxy answers itself. */
class ValidationTest {
  private final CoreHarness h = new CoreHarness();

  private static String options(String uri, int maxForwards) {
    return "OPTIONS "
        + uri
        + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-opt"
        + maxForwards
        + "\n"
        + "Max-Forwards: "
        + maxForwards
        + "\n"
        + "From: <sip:ping@127.0.1.100>;tag=p\n"
        + "To: <"
        + uri
        + ">\n"
        + "Call-ID: opt-"
        + maxForwards
        + "\n"
        + "CSeq: 1 OPTIONS\n"
        + "Content-Length: 0\n\n";
  }

  @Test
  void optionsToTheProxyItselfIsAnswered200WithAllow() throws Exception {
    h.fromCaller(request(options("sip:127.0.1.1:5060", 70)));

    assertThat(h.statusesTo(CALLER)).containsExactly(200);
    var ok = h.lastTo(CALLER).response();
    assertThat(ok.headerValues(HeaderName.ALLOW)).contains("INVITE", "BYE", "OPTIONS");
    assertThat(ok.to().tag()).isNotNull();
    assertThat(h.media.log).isEmpty();
  }

  @Test
  void optionsWithMaxForwardsZeroIsAnsweredLocally() {
    h.fromCaller(request(options("sip:bob@127.0.2.11", 0)));
    assertThat(h.statusesTo(CALLER)).containsExactly(200);
  }

  @Test
  void inviteWithMaxForwardsZeroGets483() {
    h.fromCaller(
        request(
            CoreHarness.withBody(
                CoreHarness.inviteHead("mf0").replace("Max-Forwards: 70", "Max-Forwards: 0"),
                CoreHarness.CALLER_SDP)));
    assertThat(h.statusesTo(CALLER)).containsExactly(100, 483);
    assertThat(h.media.log).isEmpty();
  }

  @Test
  void aRequestCarryingOurBranchForItselfIsALoop482() throws Exception {
    SipRequest plain = invite("loop");
    String hash = Branches.loopHash(plain);
    SipRequest looped =
        plain
            .edit()
            .pushVia("SIP/2.0/UDP 127.0.2.11:5060;branch=z9hG4bK-gw")
            .pushVia("SIP/2.0/UDP 127.0.2.1:5060;branch=" + Branches.branch(hash, 0))
            .pushVia("SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-again")
            .build();
    h.fromCaller(looped);
    assertThat(h.statusesTo(CALLER)).containsExactly(100, 482);
  }

  @Test
  void aSpiralWithAnotherRequestUriIsForwarded() throws Exception {
    SipRequest plain = invite("spiral");
    String hash = Branches.loopHash(plain);
    SipRequest spiral =
        plain
            .edit()
            .requestUri("sip:carol@127.0.1.1")
            .pushVia("SIP/2.0/UDP 127.0.2.1:5060;branch=" + Branches.branch(hash, 0))
            .pushVia("SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-again")
            .build();
    h.fromCaller(spiral);
    assertThat(h.statusesTo(CALLER)).containsExactly(100);
    assertThat(h.media.commands("offer")).hasSize(1);
  }

  @Test
  void unsupportedProxyRequireGets420() {
    h.fromCaller(
        request(
            CoreHarness.withBody(
                CoreHarness.inviteHead("pr") + "Proxy-Require: foo\n", CoreHarness.CALLER_SDP)));
    assertThat(h.statusesTo(CALLER)).containsExactly(100, 420);
    assertThat(h.lastTo(CALLER).response().headerValue(HeaderName.UNSUPPORTED)).hasValue("foo");
  }

  @Test
  void cancelWithoutInviteGets481() {
    h.fromCaller(
        request(
            CoreHarness.inviteHead("none")
                    .replace("INVITE sip:", "CANCEL sip:")
                    .replace("1 INVITE", "1 CANCEL")
                + "Content-Length: 0\n\n"));
    assertThat(h.statusesTo(CALLER)).containsExactly(481);
  }
}
