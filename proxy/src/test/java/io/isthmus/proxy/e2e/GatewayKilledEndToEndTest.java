package io.isthmus.proxy.e2e;

import static io.isthmus.proxy.e2e.Calls.invite;
import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PUBLIC;
import static io.isthmus.proxy.e2e.ProxyFixture.UA_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.TestUserAgent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway dies in the middle of a run of calls: the calls before it died used both gateways;
 * after it died, the call that found it dead fails over, every call is still answered, and once it
 * is detected no further call is sent to it.
 */
class GatewayKilledEndToEndTest {
  private static final Duration WAIT = Calls.WAIT;

  private ProxyFixture fx;
  private final List<TestUserAgent> agents = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fx = new ProxyFixture();
  }

  @AfterEach
  void stop() throws Exception {
    for (TestUserAgent ua : agents.reversed()) {
      ua.close();
    }
    fx.close();
  }

  private TestUserAgent ua(String name, String address) {
    TestUserAgent ua = TestUserAgent.bind(name, address, UA_PORT);
    agents.add(ua);
    return ua;
  }

  private static void placeAndHangUp(TestUserAgent caller, String id) {
    caller.send(
        invite(
            caller, "bob@127.0.1.1", id, Sdp.of("127.0.1.100", "alice", 26130, 26132, "sendrecv")),
        PROXY_PUBLIC);
    SipResponse ok = caller.awaitResponse(id, "INVITE", 200, WAIT);
    assertThat(ok).as("call %s answered", id).isNotNull();
    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    caller.send(ack, TestUserAgent.nextHop(ack));
    SipRequest bye = caller.inDialog("BYE", ok, 2, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    assertThat(caller.awaitResponse(id, "BYE", 200, WAIT)).as("call %s hung up", id).isNotNull();
  }

  private static Set<String> invitesSeenBy(TestUserAgent gateway) {
    return gateway.received().stream()
        .filter(m -> m instanceof SipRequest r && r.method().name().equals("INVITE"))
        .map(GatewayKilledEndToEndTest::callId)
        .collect(Collectors.toSet());
  }

  private static String callId(SipMessage m) {
    try {
      return m.callId();
    } catch (SipParseException e) {
      return "";
    }
  }

  @Test
  void callsFailOverWhenAGatewayDiesMidRunAndNoneIsLost() {
    TestUserAgent caller = ua("alice", "127.0.1.100");
    TestUserAgent gw1 = ua("gw1", "127.0.2.11");
    TestUserAgent gw2 = ua("gw2", "127.0.2.12");
    gw1.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.11", "bob", 27120, 27122, "sendrecv")));
    gw2.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.12", "bob", 27130, 27132, "sendrecv")));

    for (int i = 0; i < 4; i++) {
      placeAndHangUp(caller, "killed-before-" + i);
    }
    // Round robin used both while both were alive.
    assertThat(invitesSeenBy(gw1)).hasSize(2);
    assertThat(invitesSeenBy(gw2)).hasSize(2);

    gw1.script(TestUserAgent.Script.noAnswer()); // killed: takes packets, answers nothing
    Set<String> gw1Before = invitesSeenBy(gw1);
    for (int i = 0; i < 6; i++) {
      placeAndHangUp(caller, "killed-after-" + i);
    }

    Set<String> gw1After = invitesSeenBy(gw1);
    gw1After.removeAll(gw1Before);
    // Only the call that met the dead gateway went there; it failed over and was answered.
    assertThat(gw1After).hasSizeLessThanOrEqualTo(1);
    assertThat(invitesSeenBy(gw2)).hasSize(2 + 6);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (fx.relay.callCount() != 0 && System.nanoTime() - deadline < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll every millisecond
    }
    assertThat(fx.relay.callCount()).isZero();
  }
}
