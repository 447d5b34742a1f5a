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
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.TestUserAgent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's keepalive OPTIONS sent over the proxy's transaction layer ({@code
 * Proxy.optionsSender()}) on real UDP: a silent gateway goes inactive after the failure threshold
 * and gets no calls; once it answers again it is active and gets calls again.
 */
class ProbingEndToEndTest {
  private static final Duration PROBE_WAIT = Duration.ofSeconds(10);

  private ProxyFixture fx;
  private TestUserAgent caller;
  private TestUserAgent gw1;
  private TestUserAgent gw2;

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

  private void awaitState(String host, GatewayState expected) {
    long deadline = System.nanoTime() + PROBE_WAIT.toNanos();
    while (stateOf(host) != expected && System.nanoTime() - deadline < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // poll every 5 ms
    }
    assertThat(stateOf(host)).as(host).isEqualTo(expected);
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
    return gw1.awaitRequest(callId, "INVITE", Duration.ZERO) != null ? "127.0.2.11" : "127.0.2.12";
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
                new ProbeSettings(Duration.ofMillis(200), Duration.ofMillis(150))));

    awaitState("127.0.2.12", GatewayState.INACTIVE);
    assertThat(stateOf("127.0.2.11")).isEqualTo(GatewayState.ACTIVE);
    // the probes went over the proxy's private socket, and at least the threshold of them
    assertThat(gw2.count("OPTIONS")).isGreaterThanOrEqualTo(2);
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
    awaitState("127.0.2.12", GatewayState.ACTIVE);
    java.util.Set<String> used = new java.util.HashSet<>();
    for (int i = 0; i < 4; i++) {
      used.add(call("probe-up-" + i));
    }
    assertThat(used).containsExactlyInAnyOrder("127.0.2.11", "127.0.2.12");
  }
}
