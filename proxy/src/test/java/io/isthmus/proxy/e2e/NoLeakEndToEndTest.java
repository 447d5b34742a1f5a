package io.isthmus.proxy.e2e;

import static io.isthmus.proxy.e2e.Calls.WAIT;
import static io.isthmus.proxy.e2e.Calls.invite;
import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PUBLIC;
import static io.isthmus.proxy.e2e.ProxyFixture.UA_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.TestUserAgent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing a call needs outlives it: after a run of complete calls (INVITE with audio+video SDP,
 * 200, ACK, re-INVITE, BYE) every per-call table of the proxy (calls, answered calls, branch
 * owners, call log, server and client transactions), the relay's sessions and the gateways' call
 * load are back at their sizes before the run. Short RFC 3261 timers (T1 20 ms, T4 40 ms) let the
 * wait timers (J, K, M) pass within the test; the end state is polled with a deadline.
 */
class NoLeakEndToEndTest {
  private static final int CALLS = 60;
  private static final Duration SETTLE = Duration.ofSeconds(10);

  private ProxyFixture fx;
  private TestUserAgent caller;
  private TestUserAgent gw1;
  private TestUserAgent gw2;

  @BeforeEach
  void start() throws Exception {
    fx =
        new ProxyFixture(
            ProxyFixture.Options.DEFAULTS.withTimers(
                Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofMillis(40)));
    caller = TestUserAgent.bind("alice", "127.0.1.100", UA_PORT);
    gw1 = TestUserAgent.bind("gw1", "127.0.2.11", UA_PORT);
    gw2 = TestUserAgent.bind("gw2", "127.0.2.12", UA_PORT);
    gw1.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.11", "bob", 27000, 27002, "sendrecv")));
    gw2.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.12", "bob", 27000, 27002, "sendrecv")));
  }

  @AfterEach
  void stop() throws Exception {
    gw2.close();
    gw1.close();
    caller.close();
    fx.close();
  }

  @Test
  void everyPerCallTableIsBackToItsSizeAfterARunOfCalls() {
    Map<String, Integer> before = fx.proxy.tableSizes();
    int relayBefore = fx.relay.callCount();

    for (int i = 0; i < CALLS; i++) {
      String id = "leak-" + i;
      caller.send(
          invite(
              caller,
              "bob@127.0.1.1",
              id,
              Sdp.of("127.0.1.100", "alice", 26000, 26002, "sendrecv")),
          PROXY_PUBLIC);
      SipResponse ok = caller.awaitResponse(id, "INVITE", 200, WAIT);
      SipRequest ack = caller.inDialog("ACK", ok, 1, null);
      caller.send(ack, TestUserAgent.nextHop(ack));
      SipRequest hold =
          caller.inDialog(
              "INVITE", ok, 2, Sdp.of("127.0.1.100", "alice", 26000, 26002, "sendonly"));
      caller.send(hold, TestUserAgent.nextHop(hold));
      assertThat(
              caller.await(
                  m ->
                      m instanceof SipResponse r
                          && r.status() == 200
                          && cseqOf(r) == 2
                          && id.equals(callIdOf(r)),
                  WAIT))
          .isNotNull();
      SipRequest bye = caller.inDialog("BYE", ok, 3, null);
      caller.send(bye, TestUserAgent.nextHop(bye));
      assertThat(caller.awaitResponse(id, "BYE", 200, WAIT)).isNotNull();
    }
    assertThat(gw1.count("INVITE") + gw2.count("INVITE")).isEqualTo(2 * CALLS);

    long deadline = System.nanoTime() + SETTLE.toNanos();
    while ((!fx.proxy.tableSizes().equals(before) || fx.relay.callCount() != relayBefore)
        && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(10_000_000); // poll every 10 ms until the wait timers have run
    }
    assertThat(fx.proxy.tableSizes()).isEqualTo(before);
    assertThat(fx.relay.callCount()).isEqualTo(relayBefore);
    for (Gateway gw : fx.dispatcher.list().gateways()) {
      assertThat(fx.dispatcher.callLoad().active(gw)).as("call load of %s", gw).isZero();
    }
  }

  private static String callIdOf(SipResponse r) {
    try {
      return r.callId();
    } catch (io.isthmus.sip.SipParseException e) {
      return "";
    }
  }

  private static int cseqOf(SipResponse r) {
    try {
      return r.cseq().number();
    } catch (io.isthmus.sip.SipParseException e) {
      return -1;
    }
  }
}
