package io.isthmus.proxy.core;

import static io.isthmus.proxy.core.CoreHarness.CALLEE_SDP;
import static io.isthmus.proxy.core.CoreHarness.CALLER;
import static io.isthmus.proxy.core.CoreHarness.answer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The proxy ends an answered call by itself, with a BYE to each party: when the relay ended its
 * media (a media timeout), when an RFC 4028 session interval passes without a refresh, and when the
 * dialog lifetime passes without any in-dialog request.
 */
class ProxyEndsCallTest {
  private final CoreHarness h = new CoreHarness();

  /** Call {@code callId} answered by its gateway (with {@code extraHeader} in the 2xx, or none). */
  private String answered(String callId, String extraHeader) {
    h.fromCaller(CoreHarness.invite(callId));
    CoreHarness.Sent sent =
        h.requestsTo(CoreHarness.GW1, "INVITE").isEmpty()
            ? h.requestsTo(CoreHarness.GW2, "INVITE").getFirst()
            : h.requestsTo(CoreHarness.GW1, "INVITE").getFirst();
    String ok =
        new String(
                answer(sent.request(), 200, "OK", "bob", CALLEE_SDP).toBytes(),
                StandardCharsets.UTF_8)
            .replace("\r\n", "\n");
    if (extraHeader != null) {
      ok = ok.replaceFirst("\nContact: ", "\n" + extraHeader + "\nContact: ");
    }
    h.fromPrivate(CoreHarness.parse(ok), sent.to());
    assertThat(h.statusesTo(CALLER)).contains(200);
    assertThat(h.core.answeredCalls()).isEqualTo(1);
    h.wire.clear();
    return sent.to();
  }

  /** One BYE transaction to each party (its retransmissions share the branch). */
  private void assertByeToBoth() {
    assertThat(byes(CALLER)).isEqualTo(1);
    assertThat(byes(CoreHarness.GW1)).isEqualTo(1); // the callee's Contact
    assertThat(h.core.answeredCalls()).isZero();
    assertThat(h.core.calls()).isEmpty();
  }

  private long byes(String address) {
    return h.requestsTo(address, "BYE").stream()
        .map(s -> s.request().headerValues(io.isthmus.sip.message.HeaderName.VIA).getFirst())
        .distinct()
        .count();
  }

  @Test
  void aMediaTimeoutOfTheRelayEndsTheCallWithAByeToEachPartyAndNoDelete() {
    answered("mt1", null);
    long deletes = h.media.commands("delete").size();

    h.core.relayEnded("mt1", "timeout");
    h.drain();

    assertByeToBoth();
    assertThat(h.media.commands("delete")).as("the relay has nothing left").hasSize((int) deletes);
    assertThat(h.core.relayEndedTotal()).isEqualTo(1);
    // the BYE of a phone that hangs up meanwhile finds nothing: no second end
    h.core.relayEnded("mt1", "timeout");
    assertThat(h.core.relayEndedTotal()).isEqualTo(1);
  }

  @Test
  void aSessionNotRefreshedWithinItsIntervalEndsWithAByeToEachPartyAndItsMediaDeleted() {
    answered("st1", "Session-Expires: 90;refresher=uac");
    h.advance(Duration.ofSeconds(89));
    assertThat(h.core.answeredCalls()).isEqualTo(1);
    assertThat(byes(CALLER)).isZero();

    h.advance(Duration.ofSeconds(1));
    h.drain();
    assertByeToBoth();
    assertThat(h.media.commands("delete")).containsExactly("delete st1 from=bob");
  }

  @Test
  void aRefreshWhose2xxSetsALongerIntervalKeepsTheSessionThatLong() {
    String gateway = answered("sr1", "Session-Expires: 90;refresher=uac");
    h.advance(Duration.ofSeconds(60));
    // The caller refreshes with a re-INVITE; the gateway's 2xx sets a 1800 s interval (§7.2).
    h.fromCaller(
        CoreHarness.request(
            CoreHarness.withBody(
                "INVITE sip:bob@"
                    + gateway
                    + ":5060 SIP/2.0\n"
                    + "Via: SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-caller-sr1-2\n"
                    + "Route: <sip:127.0.1.1:5060;transport=udp;lr>\n"
                    + "Route: <sip:127.0.2.1:5060;transport=udp;lr>\n"
                    + "Max-Forwards: 70\n"
                    + "From: <sip:alice@127.0.1.100>;tag=alice\n"
                    + "To: <sip:bob@127.0.1.1>;tag=bob\n"
                    + "Call-ID: sr1\n"
                    + "CSeq: 2 INVITE\n"
                    + "Session-Expires: 1800;refresher=uac\n"
                    + "Contact: <sip:alice@127.0.1.100:5060>\n",
                CoreHarness.CALLER_SDP)));
    CoreHarness.Sent refresh = h.requestsTo(gateway, "INVITE").getFirst();
    String ok =
        new String(
                answer(refresh.request(), 200, "OK", null, CALLEE_SDP).toBytes(),
                StandardCharsets.UTF_8)
            .replace("\r\n", "\n")
            .replaceFirst("\nContact: ", "\nSession-Expires: 1800;refresher=uac\nContact: ");
    h.fromPrivate(CoreHarness.parse(ok), refresh.to());
    h.wire.clear();

    h.advance(Duration.ofSeconds(1799));
    assertThat(h.core.answeredCalls()).as("alive past the first 90 s interval").isEqualTo(1);
    assertThat(byes(CALLER)).isZero();
    h.advance(Duration.ofSeconds(1));
    h.drain();
    assertByeToBoth();
  }

  @Test
  void withoutSessionTimerTheCallLastsUntilTheDialogLifetime() {
    answered("lt1", null);
    h.advance(Duration.ofHours(1));
    assertThat(h.core.answeredCalls()).isEqualTo(1);
    h.advance(ProxyConfig.DEFAULTS.dialogLifetime().minusHours(1));
    assertByeToBoth();
  }

  @Test
  void aSessionExpiresBelowTheRfcMinimumIsIgnored() {
    assertThat(SessionTimer.interval(CoreHarness.request(headWith("Session-Expires: 30"))))
        .isNull();
    assertThat(SessionTimer.interval(CoreHarness.request(headWith("x: 1800;refresher=uas"))))
        .isEqualTo(Duration.ofSeconds(1800)); // the compact form
    assertThat(SessionTimer.interval(CoreHarness.request(headWith("Session-Expires: soon"))))
        .isNull();
  }

  private static String headWith(String header) {
    return CoreHarness.withBody(
        CoreHarness.inviteHead("se").replaceFirst("\nCall-ID: ", "\n" + header + "\nCall-ID: "),
        CoreHarness.CALLER_SDP);
  }
}
