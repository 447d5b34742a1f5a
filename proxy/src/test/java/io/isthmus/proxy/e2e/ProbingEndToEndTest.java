package io.isthmus.proxy.e2e;

import static io.isthmus.proxy.e2e.Calls.WAIT;
import static io.isthmus.proxy.e2e.Calls.invite;
import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PUBLIC;
import static io.isthmus.proxy.e2e.ProxyFixture.UA_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.dispatcher.GatewayState;
import io.isthmus.proxy.dispatcher.GatewayStatus;
import io.isthmus.proxy.dispatcher.HealthSettings;
import io.isthmus.proxy.dispatcher.ProbeSettings;
import io.isthmus.proxy.dispatcher.ProbingMode;
import io.isthmus.proxy.dispatcher.StatusSet;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.FakeClock;
import io.isthmus.testkit.TestUserAgent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's keepalive OPTIONS sent over the proxy's transaction layer ({@code
 * Proxy.optionsSender()}) on real UDP: a silent gateway goes inactive after the failure threshold
 * and gets no calls; once it answers again it is active and gets calls again. The prober runs on a
 * fake clock: a round is sent when the test advances to it, the test waits (with a deadline) until
 * every answering gateway's reply is in, and only then advances past the probe timeout, so a slow
 * machine cannot turn an answered probe into a failed one.
 */
class ProbingEndToEndTest {
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final FakeClock clock = new FakeClock();
  private ProxyFixture fx;
  private TestUserAgent caller;
  private TestUserAgent gw1;
  private TestUserAgent gw2;
  private boolean firstRound = true;

  @AfterEach
  void stop() {
    for (TestUserAgent ua : new TestUserAgent[] {caller, gw1, gw2}) {
      if (ua != null) {
        ua.close();
      }
    }
    if (fx != null) {
      fx.close();
    }
  }

  private GatewayState stateOf(String host) {
    return fx.dispatcher.status().stream()
        .filter(s -> s.gateway().uri().host().equals(host))
        .map(GatewayStatus::state)
        .findFirst()
        .orElseThrow();
  }

  /**
   * Waits for an answered probe's effect: the prober forgets the probe just before it reports the
   * reply, on the loop that received it.
   */
  private void awaitState(String host, GatewayState expected) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (stateOf(host) != expected && System.nanoTime() - deadline < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll every millisecond
    }
    assertThat(stateOf(host)).as(host).isEqualTo(expected);
  }

  /**
   * One probing round: advances the fake clock to it, waits until only {@code silent} probes are
   * still outstanding (the others were answered and counted), then advances past the probe timeout
   * so that those count as failed.
   */
  private void probeRound(int silent) {
    clock.advance(firstRound ? Duration.ZERO : INTERVAL.minus(TIMEOUT));
    firstRound = false;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (fx.prober.inFlight() != silent && System.nanoTime() - deadline < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll every millisecond
    }
    assertThat(fx.prober.inFlight()).as("probes outstanding").isEqualTo(silent);
    clock.advance(TIMEOUT);
    assertThat(fx.prober.inFlight()).as("probes outstanding after the timeout").isZero();
  }

  /** Probes that reached {@code gateway}: one Call-ID each, retransmissions not counted. */
  private static long probesSeenBy(TestUserAgent gateway) {
    return gateway.received().stream()
        .filter(m -> m instanceof SipRequest r && r.method().name().equals("OPTIONS"))
        .map(ProbingEndToEndTest::callId)
        .distinct()
        .count();
  }

  private static String callId(SipMessage m) {
    try {
      return m.callId();
    } catch (SipParseException e) {
      return "";
    }
  }

  /** Places and hangs up a call; returns the private gateway's address that got it. */
  private String call(String callId) {
    caller.send(
        invite(
            caller, "bob@127.0.1.1", callId, Sdp.of("127.0.1.100", "a", 26200, 26202, "sendrecv")),
        PROXY_PUBLIC);
    SipResponse ok = caller.awaitResponse(callId, "INVITE", 200, WAIT);
    assertThat(ok).as(callId).isNotNull();
    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    caller.send(ack, TestUserAgent.nextHop(ack));
    SipRequest bye = caller.inDialog("BYE", ok, 2, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    assertThat(caller.awaitResponse(callId, "BYE", 200, WAIT)).isNotNull();
    boolean atGw1 = gw1.awaitRequest(callId, "INVITE", Duration.ZERO) != null;
    boolean atGw2 = gw2.awaitRequest(callId, "INVITE", Duration.ZERO) != null;
    assertThat(atGw1 ^ atGw2).as("%s reached exactly one gateway", callId).isTrue();
    return atGw1 ? "127.0.2.11" : "127.0.2.12";
  }

  @Test
  void aSilentGatewayGoesInactiveGetsNoCallsAndComesBackWhenItAnswers() throws Exception {
    caller = TestUserAgent.bind("alice", "127.0.1.100", UA_PORT);
    gw1 = TestUserAgent.bind("gw1", "127.0.2.11", UA_PORT);
    gw2 = TestUserAgent.bind("gw2", "127.0.2.12", UA_PORT);
    gw1.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.11", "b", 27200, 27202, "sendrecv")));
    gw2.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.12", "b", 27200, 27202, "sendrecv")));
    gw2.mute(true);
    fx =
        new ProxyFixture(
            ProxyFixture.Options.DEFAULTS.withProbing(
                new HealthSettings(2, 1, StatusSet.NONE, ProbingMode.ALL),
                new ProbeSettings(INTERVAL, TIMEOUT),
                clock));

    // The public set's gateway 127.0.1.21 has no agent here: its port is closed, so its probes
    // fail at once on the ICMP error and only gw2's (muted) stay outstanding.
    // Threshold 2: the first failed probe only makes gw2 suspect, the second takes it down.
    probeRound(1);
    assertThat(stateOf("127.0.2.12")).isEqualTo(GatewayState.PROBING);
    assertThat(stateOf("127.0.2.11")).isEqualTo(GatewayState.ACTIVE);
    probeRound(1);
    assertThat(stateOf("127.0.2.12")).isEqualTo(GatewayState.INACTIVE);
    assertThat(stateOf("127.0.2.11")).isEqualTo(GatewayState.ACTIVE);
    assertThat(probesSeenBy(gw1)).isEqualTo(2);
    assertThat(probesSeenBy(gw2)).isEqualTo(2);
    // the probes went over the proxy's private socket
    SipRequest probe1 =
        (SipRequest)
            gw1.await(m -> m instanceof SipRequest r && r.method().name().equals("OPTIONS"), WAIT);
    assertThat(probe1.topVia().host()).isEqualTo("127.0.2.1");
    assertThat(probe1.topVia().port()).isEqualTo(ProxyFixture.SIP_PORT);

    for (int i = 0; i < 4; i++) {
      assertThat(call("probe-down-" + i)).isEqualTo("127.0.2.11");
    }
    assertThat(gw2.count("INVITE")).isZero();

    gw2.mute(false);
    probeRound(0); // success threshold 1: one answered probe brings it back
    awaitState("127.0.2.12", GatewayState.ACTIVE);
    assertThat(probesSeenBy(gw2)).isEqualTo(3);
    List<String> used = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      used.add(call("probe-up-" + i));
    }
    // round robin alternates over the two again
    assertThat(used).containsOnly("127.0.2.11", "127.0.2.12");
    assertThat(used.stream().filter("127.0.2.11"::equals).count()).isEqualTo(2);
  }
}
