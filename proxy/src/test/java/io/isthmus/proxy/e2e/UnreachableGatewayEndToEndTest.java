package io.isthmus.proxy.e2e;

import static io.isthmus.proxy.e2e.Calls.WAIT;
import static io.isthmus.proxy.e2e.Calls.invite;
import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PUBLIC;
import static io.isthmus.proxy.e2e.ProxyFixture.UA_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.dispatcher.DispatcherSettings;
import io.isthmus.proxy.dispatcher.GatewayState;
import io.isthmus.proxy.dispatcher.GatewayStatus;
import io.isthmus.proxy.dispatcher.HealthSettings;
import io.isthmus.proxy.dispatcher.ProbeSettings;
import io.isthmus.proxy.transaction.Timeout;
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
 * A gateway whose host is up but whose SIP port is closed (a killed gateway process): the kernel
 * answers each datagram to it with ICMP port unreachable. The proxy sends to gateways on a UDP
 * socket connected to each, which sees that error, so the call that meets the dead gateway moves on
 * at once and the gateway is marked down, although the no-response timeout is a minute here: a call
 * answered within the test's wait proves the timer played no part, and the transaction counters say
 * the branch ended on a transport error, not a timeout. Probes to it fail the same way without
 * waiting for their timeout (the prober's clock is fake and never reaches it).
 */
class UnreachableGatewayEndToEndTest {
  private static final DispatcherSettings PATIENT =
      new DispatcherSettings(
          DispatcherSettings.DEFAULTS.defaultAlgorithm(),
          java.util.Map.of(),
          DispatcherSettings.DEFAULT_FAILOVER_STATUSES,
          Duration.ofSeconds(60),
          false);

  private ProxyFixture fx;
  private final List<TestUserAgent> agents = new ArrayList<>();

  @AfterEach
  void stop() {
    for (TestUserAgent ua : agents.reversed()) {
      ua.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  private TestUserAgent ua(String name, String address) {
    TestUserAgent ua = TestUserAgent.bind(name, address, UA_PORT);
    agents.add(ua);
    return ua;
  }

  private void call(TestUserAgent caller, String id) {
    caller.send(
        invite(caller, "bob@127.0.1.1", id, Sdp.of("127.0.1.100", "a", 26300, 26302, "sendrecv")),
        PROXY_PUBLIC);
    SipResponse ok = caller.awaitResponse(id, "INVITE", 200, WAIT);
    assertThat(ok).as("call %s answered within %s", id, WAIT).isNotNull();
    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    caller.send(ack, TestUserAgent.nextHop(ack));
    SipRequest bye = caller.inDialog("BYE", ok, 2, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    assertThat(caller.awaitResponse(id, "BYE", 200, WAIT)).isNotNull();
  }

  private GatewayStatus status(String host) {
    return fx.dispatcher.status().stream()
        .filter(s -> s.gateway().uri().host().equals(host))
        .findFirst()
        .orElseThrow();
  }

  private long timeouts(Timeout t) {
    return fx.proxy.transactionCounter(m -> m.timeouts(t));
  }

  private long transportErrors() {
    return fx.proxy.transactionCounter(m -> m.transportErrors());
  }

  @Test
  void aCallThatMeetsAClosedPortFailsOverOnTheIcmpErrorNotTheTimer() throws Exception {
    fx = new ProxyFixture(ProxyFixture.Options.DEFAULTS.withDispatcher(PATIENT));
    TestUserAgent caller = ua("alice", "127.0.1.100");
    TestUserAgent gw1 = ua("gw1", "127.0.2.11");
    gw1.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.11", "b", 27300, 27302, "sendrecv")));
    // 127.0.2.12:25080 has no socket: every datagram to it comes back as ICMP port unreachable

    for (int i = 0; i < 4; i++) {
      call(caller, "icmp-" + i);
    }
    // round robin offered one call to .12 first; it moved on to .11, which took all four
    assertThat(gw1.count("INVITE")).isEqualTo(4);
    assertThat(status("127.0.2.12").state()).isEqualTo(GatewayState.INACTIVE);
    assertThat(status("127.0.2.11").state()).isEqualTo(GatewayState.ACTIVE);
    assertThat(timeouts(Timeout.NO_RESPONSE))
        .as("branches ended by the no-response timer")
        .isZero();
    assertThat(transportErrors()).as("branches ended by the ICMP error").isEqualTo(1);
    assertThat(fx.proxy.transport().watchedSockets()).isPositive();
  }

  @Test
  void aProbeOfAClosedPortFailsAtOnceAndTheGatewayIsBackOnTheFirstAnsweredDownProbe()
      throws Exception {
    FakeClock clock = new FakeClock();
    Duration interval = Duration.ofSeconds(10);
    Duration down = Duration.ofMillis(500);
    fx =
        new ProxyFixture(
            ProxyFixture.Options.DEFAULTS.withProbing(
                HealthSettings.DEFAULTS,
                new ProbeSettings(interval, Duration.ofSeconds(5), down),
                clock));
    TestUserAgent gw1 = ua("gw1", "127.0.2.11");
    gw1.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.11", "b", 27310, 27312, "sendrecv")));

    clock.advance(Duration.ZERO); // the first round: .11 answers, .12 and the public .21 are closed
    awaitState("127.0.2.12", GatewayState.INACTIVE);
    awaitState("127.0.1.21", GatewayState.INACTIVE);
    awaitInFlight(0); // no probe waits for its 5 s timeout: the clock has not moved
    assertThat(status("127.0.2.12").lastProbeStatus()).isZero();
    assertThat(status("127.0.2.11").state()).isEqualTo(GatewayState.ACTIVE);

    TestUserAgent gw2 = ua("gw2", "127.0.2.12"); // the gateway comes back
    gw2.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.12", "b", 27320, 27322, "sendrecv")));
    clock.advance(down); // the next down round, long before the next full round
    awaitState("127.0.2.12", GatewayState.ACTIVE);
    assertThat(gw2.count("OPTIONS")).isEqualTo(1);
    assertThat(gw1.count("OPTIONS")).as("live gateways wait for the full interval").isEqualTo(1);
  }

  private void awaitState(String host, GatewayState expected) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (status(host).state() != expected && System.nanoTime() - deadline < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    assertThat(status(host).state()).as(host).isEqualTo(expected);
  }

  private void awaitInFlight(int n) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (fx.prober.inFlight() != n && System.nanoTime() - deadline < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    assertThat(fx.prober.inFlight()).isEqualTo(n);
  }
}
