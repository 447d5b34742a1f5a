package io.isthmus.proxy.core;

import static io.isthmus.proxy.core.CoreHarness.CALLER;
import static io.isthmus.proxy.core.CoreHarness.GW1;
import static io.isthmus.proxy.core.CoreHarness.GW2;
import static io.isthmus.proxy.core.CoreHarness.answer;
import static io.isthmus.proxy.core.CoreHarness.body;
import static io.isthmus.proxy.core.CoreHarness.invite;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.dispatcher.GatewayState;
import io.isthmus.sip.message.SipRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverTest {
  private final CoreHarness h = new CoreHarness();

  /** The INVITEs sent, one per branch (UDP retransmissions left out). */
  private List<CoreHarness.Sent> invites() {
    java.util.Set<String> branches = new java.util.HashSet<>();
    return h.wire.stream()
        .filter(s -> s.message() instanceof SipRequest r && r.method().name().equals("INVITE"))
        .filter(s -> branches.add(branch(s)))
        .toList();
  }

  private static String branch(CoreHarness.Sent s) {
    try {
      return s.request().topVia().branch();
    } catch (io.isthmus.sip.SipParseException e) {
      throw new AssertionError(e);
    }
  }

  private void assertSecondGatewayGotTheSameOffer() throws Exception {
    List<CoreHarness.Sent> invites = invites();
    assertThat(invites).hasSize(2);
    assertThat(List.of(invites.get(0).to(), invites.get(1).to()))
        .containsExactlyInAnyOrder(GW1, GW2);
    assertThat(body(invites.get(1).request())).isEqualTo(body(invites.get(0).request()));
    assertThat(invites.get(1).request().topVia().branch())
        .isNotEqualTo(invites.get(0).request().topVia().branch());
    assertThat(h.media.commands("offer")).hasSize(1);
    assertThat(h.media.commands("delete")).isEmpty();
  }

  @Test
  void failsOverOn503WithTheSameOfferAndMarksTheGatewayDown() throws Exception {
    h.fromCaller(invite("f1"));
    CoreHarness.Sent first = invites().getFirst();
    h.fromPrivate(answer(first.request(), 503, "Service Unavailable", "gw", null), first.to());

    assertSecondGatewayGotTheSameOffer();
    assertThat(h.statusesTo(CALLER)).containsExactly(100);
    assertThat(h.requestsTo(first.to(), "ACK")).hasSize(1);
    assertThat(h.stateChanges).containsExactly(first.to() + " " + GatewayState.INACTIVE);
  }

  @Test
  void failsOverOn408() throws Exception {
    h.fromCaller(invite("f2"));
    CoreHarness.Sent first = invites().getFirst();
    h.fromPrivate(answer(first.request(), 408, "Request Timeout", "gw", null), first.to());
    assertSecondGatewayGotTheSameOffer();
  }

  @Test
  void failsOverWhenTheGatewaySendsNothingForTwoSeconds() throws Exception {
    h.fromCaller(invite("f3"));
    h.advance(Duration.ofMillis(1_999));
    assertThat(invites()).hasSize(1);
    h.advance(Duration.ofMillis(1));
    assertSecondGatewayGotTheSameOffer();
  }

  @Test
  void failsOverOnATransportError() throws Exception {
    h.failWhen =
        s ->
            s.message() instanceof SipRequest r
                && r.method().name().equals("INVITE")
                && invites().size() == 1;
    h.fromCaller(invite("f4"));
    assertThat(invites()).hasSize(1);
    h.advance(Duration.ZERO);
    assertSecondGatewayGotTheSameOffer();
    assertThat(h.stateChanges).containsExactly(invites().getFirst().to() + " INACTIVE");
  }

  @Test
  void answers503AndDeletesTheMediaWhenTheSetIsExhausted() throws Exception {
    h.fromCaller(invite("f5"));
    CoreHarness.Sent first = invites().getFirst();
    h.fromPrivate(answer(first.request(), 500, "Server Internal Error", "gw", null), first.to());
    CoreHarness.Sent second = invites().get(1);
    h.advance(Duration.ofSeconds(2));

    assertThat(invites()).hasSize(2);
    assertThat(h.statusesTo(CALLER)).containsExactly(100, 503);
    assertThat(h.media.commands("delete")).containsExactly("delete f5 from=alice");
    // a late answer of the silent gateway after the call failed: CANCELled, not relayed
    h.fromPrivate(answer(second.request(), 180, "Ringing", "gw2", null), second.to());
    assertThat(h.requestsTo(second.to(), "CANCEL")).hasSize(1);
    assertThat(h.statusesTo(CALLER)).containsExactly(100, 503);
    h.drain();
    assertThat(h.core.activeCalls()).isZero();
    assertThat(h.core.pendingBranches()).isZero();
  }

  @Test
  void answers503WhenEveryGatewayIsDownWithoutSendingAnything() {
    h.dispatcher.setState(2, "sip:" + GW1 + ":5060", GatewayState.INACTIVE);
    h.dispatcher.setState(2, "sip:" + GW2 + ":5060", GatewayState.INACTIVE);
    h.fromCaller(invite("f6"));

    assertThat(invites()).isEmpty();
    assertThat(h.statusesTo(CALLER)).containsExactly(100, 503);
    assertThat(h.media.commands("delete")).containsExactly("delete f6 from=alice");
  }
}
