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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway dies in the middle of a run of calls: the calls before it died used both gateways;
 * after it died, exactly one call met it (the one round robin gave it next), that call failed over
 * to the other gateway and was answered, no call was lost, and once the dead gateway was detected
 * no further call was sent to it. Everything is counted on the wire: Call-IDs and transactions (Via
 * branches) at each gateway, and the final responses at the caller.
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
    return invites(gateway).map(GatewayKilledEndToEndTest::callId).collect(Collectors.toSet());
  }

  /** INVITE client transactions that reached {@code gateway}: retransmissions share a branch. */
  private static Set<String> inviteBranchesSeenBy(TestUserAgent gateway) {
    return invites(gateway)
        .map(GatewayKilledEndToEndTest::branch)
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static java.util.stream.Stream<SipRequest> invites(TestUserAgent gateway) {
    return gateway.received().stream()
        .filter(m -> m instanceof SipRequest r && r.method().name().equals("INVITE"))
        .map(SipRequest.class::cast);
  }

  /** Final responses to INVITEs at the caller, status by Call-ID (each call must get one). */
  private static Map<String, List<Integer>> finalResponses(TestUserAgent caller) {
    Map<String, List<Integer>> out = new TreeMap<>();
    for (SipMessage m : caller.received()) {
      if (m instanceof SipResponse r && r.status() >= 200 && cseqMethod(r).equals("INVITE")) {
        out.computeIfAbsent(callId(r), k -> new ArrayList<>()).add(r.status());
      }
    }
    return out;
  }

  private static String callId(SipMessage m) {
    try {
      return m.callId();
    } catch (SipParseException e) {
      return "";
    }
  }

  private static String cseqMethod(SipMessage m) {
    try {
      return m.cseq().method();
    } catch (SipParseException e) {
      return "";
    }
  }

  private static String branch(SipRequest r) {
    try {
      return r.topVia().branch();
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

    List<String> before = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      before.add("killed-before-" + i);
      placeAndHangUp(caller, before.getLast());
    }
    // Round robin used both while both were alive, each call exactly once.
    assertThat(invitesSeenBy(gw1)).hasSize(2);
    assertThat(invitesSeenBy(gw2)).hasSize(2);
    Set<String> both = new HashSet<>(invitesSeenBy(gw1));
    both.addAll(invitesSeenBy(gw2));
    assertThat(both).containsExactlyInAnyOrderElementsOf(before);

    gw1.script(TestUserAgent.Script.noAnswer()); // killed: takes packets, answers nothing
    Set<String> gw1Before = invitesSeenBy(gw1);
    Set<String> gw1BranchesBefore = inviteBranchesSeenBy(gw1);
    List<String> after = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      after.add("killed-after-" + i);
      placeAndHangUp(caller, after.getLast());
    }

    Set<String> gw1After = invitesSeenBy(gw1);
    gw1After.removeAll(gw1Before);
    Set<String> gw1BranchesAfter = inviteBranchesSeenBy(gw1);
    gw1BranchesAfter.removeAll(gw1BranchesBefore);
    // After four calls round robin is back where it started, so gw1 is next: the first call after
    // the kill (or, had it started on gw2, the second) met the dead gateway, with one transaction.
    assertThat(gw1After).hasSize(1).containsAnyOf(after.get(0), after.get(1));
    assertThat(gw1BranchesAfter).hasSize(1);
    // That call failed over: gw2 saw it too. It is the only failover; gw2 took all six.
    Set<String> gw2After = invitesSeenBy(gw2);
    gw2After.retainAll(after);
    assertThat(gw2After).containsExactlyInAnyOrderElementsOf(after);
    Set<String> failedOver = new HashSet<>(gw1After);
    failedOver.retainAll(gw2After);
    assertThat(failedOver).isEqualTo(gw1After);
    assertThat(inviteBranchesSeenBy(gw2)).hasSize(2 + 6);
    // Every call was answered once and nothing else: no 408/503 reached the caller.
    Map<String, List<Integer>> finals = finalResponses(caller);
    List<String> all = new ArrayList<>(before);
    all.addAll(after);
    assertThat(finals.keySet()).containsExactlyInAnyOrderElementsOf(all);
    assertThat(finals.values()).allSatisfy(codes -> assertThat(codes).containsOnly(200));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (fx.relay.callCount() != 0 && System.nanoTime() - deadline < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll every millisecond
    }
    assertThat(fx.relay.callCount()).isZero();
  }
}
