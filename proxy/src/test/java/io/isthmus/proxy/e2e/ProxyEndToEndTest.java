package io.isthmus.proxy.e2e;

import static io.isthmus.proxy.e2e.Calls.body;
import static io.isthmus.proxy.e2e.Calls.flowBothWays;
import static io.isthmus.proxy.e2e.Calls.invite;
import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PRIVATE;
import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PUBLIC;
import static io.isthmus.proxy.e2e.ProxyFixture.UA_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.dispatcher.DispatcherSettings;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.RtpEndpoint;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls through the proxy and the in-process relay over real sockets on the reference addresses:
 * caller 127.0.1.100, private gateways 127.0.2.11 and 127.0.2.12, a public gateway 127.0.1.21.
 */
class ProxyEndToEndTest {
  private static final Duration WAIT = Calls.WAIT;

  private ProxyFixture fx;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fx = new ProxyFixture();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
    fx.close();
  }

  private <T extends AutoCloseable> T open(T c) {
    closeables.add(c);
    return c;
  }

  private TestUserAgent ua(String name, String address) {
    return open(TestUserAgent.bind(name, address, UA_PORT));
  }

  /** The gateway that got the call's INVITE, asserting that exactly one of the two did. */
  private static TestUserAgent calleeOf(String callId, TestUserAgent gw1, TestUserAgent gw2) {
    boolean at1 = inviteCallIds(gw1).contains(callId);
    boolean at2 = inviteCallIds(gw2).contains(callId);
    assertThat(at1 ^ at2).as("%s reached exactly one gateway", callId).isTrue();
    return at1 ? gw1 : gw2;
  }

  private void awaitRelayCalls(int n) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (fx.relay.callCount() != n && System.nanoTime() - deadline < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll every millisecond
    }
    assertThat(fx.relay.callCount()).isEqualTo(n);
  }

  @Test
  void publicToPrivateCallCarriesAudioAndVideoBothWaysThenHoldsResumesAndHangsUp() {
    TestUserAgent caller = ua("alice", "127.0.1.100");
    TestUserAgent gw1 = ua("gw1", "127.0.2.11");
    TestUserAgent gw2 = ua("gw2", "127.0.2.12");
    RtpEndpoint aAudio = open(RtpEndpoint.bind("127.0.1.100", 26000));
    RtpEndpoint aAudioRtcp = open(RtpEndpoint.bind("127.0.1.100", 26001));
    RtpEndpoint aVideo = open(RtpEndpoint.bind("127.0.1.100", 26002));
    RtpEndpoint aVideoRtcp = open(RtpEndpoint.bind("127.0.1.100", 26003));
    String calleeSdp = Sdp.of("127.0.2.11", "bob", 27000, 27002, "sendrecv");
    String calleeSdp2 = Sdp.of("127.0.2.12", "bob", 27000, 27002, "sendrecv");
    gw1.script(TestUserAgent.Script.answer(calleeSdp));
    gw2.script(TestUserAgent.Script.answer(calleeSdp2));

    caller.send(
        invite(
            caller,
            "bob@127.0.1.1",
            "e2e-1",
            Sdp.of("127.0.1.100", "alice", 26000, 26002, "sendrecv")),
        PROXY_PUBLIC);
    SipResponse ok = caller.awaitResponse("e2e-1", "INVITE", 200, WAIT);
    assertThat(ok).isNotNull();
    TestUserAgent callee = calleeOf("e2e-1", gw1, gw2);
    String calleeIp = callee == gw1 ? "127.0.2.11" : "127.0.2.12";
    SipRequest atGateway = callee.awaitRequest("e2e-1", "INVITE", WAIT);
    assertThat(atGateway.headerValues(HeaderName.RECORD_ROUTE))
        .containsExactly(
            "<sip:127.0.2.1:25060;transport=udp;lr>", "<sip:127.0.1.1:25060;transport=udp;lr>");
    List<InetSocketAddress> towardsCallee = Sdp.media(body(atGateway));
    List<InetSocketAddress> towardsCaller = Sdp.media(body(ok));
    assertThat(towardsCallee).allMatch(a -> a.getAddress().getHostAddress().equals("127.0.2.1"));
    assertThat(towardsCaller).allMatch(a -> a.getAddress().getHostAddress().equals("127.0.1.1"));

    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    assertThat(TestUserAgent.nextHop(ack)).isEqualTo(PROXY_PUBLIC);
    caller.send(ack, TestUserAgent.nextHop(ack));
    assertThat(callee.awaitRequest("e2e-1", "ACK", WAIT)).isNotNull();

    RtpEndpoint bAudio = open(RtpEndpoint.bind(calleeIp, 27000));
    RtpEndpoint bAudioRtcp = open(RtpEndpoint.bind(calleeIp, 27001));
    RtpEndpoint bVideo = open(RtpEndpoint.bind(calleeIp, 27002));
    RtpEndpoint bVideoRtcp = open(RtpEndpoint.bind(calleeIp, 27003));
    flowBothWays(
        aAudio, aAudioRtcp, towardsCaller.get(0), bAudio, bAudioRtcp, towardsCallee.get(0), 0);
    flowBothWays(
        aVideo, aVideoRtcp, towardsCaller.get(1), bVideo, bVideoRtcp, towardsCallee.get(1), 96);

    // hold and resume from the caller: re-INVITEs loose-routed through both Record-Routes
    SipRequest hold =
        caller.inDialog("INVITE", ok, 2, Sdp.of("127.0.1.100", "alice", 26000, 26002, "sendonly"));
    caller.send(hold, TestUserAgent.nextHop(hold));
    SipResponse holdOk = caller.awaitResponse("e2e-1", "INVITE", 200, WAIT);
    assertThat(callee.await(m -> m instanceof SipRequest r && body(r).contains("a=sendonly"), WAIT))
        .isNotNull();
    SipRequest resume =
        caller.inDialog("INVITE", ok, 3, Sdp.of("127.0.1.100", "alice", 26000, 26002, "sendrecv"));
    caller.send(resume, TestUserAgent.nextHop(resume));
    assertThat(
            caller.await(
                m ->
                    m instanceof SipResponse r
                        && r.status() == 200
                        && r.toString() != null
                        && cseq(r) == 3,
                WAIT))
        .isNotNull();
    assertThat(holdOk).isNotNull();

    SipRequest bye = caller.inDialog("BYE", ok, 4, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    assertThat(caller.awaitResponse("e2e-1", "BYE", 200, WAIT)).isNotNull();
    assertThat(callee.awaitRequest("e2e-1", "BYE", WAIT)).isNotNull();
    awaitRelayCalls(0);
  }

  @Test
  void terminateHangsUpBothPhonesAndLeavesNoCallNorMedia() throws Exception {
    TestUserAgent caller = ua("alice", "127.0.1.100");
    TestUserAgent gw1 = ua("gw1", "127.0.2.11");
    TestUserAgent gw2 = ua("gw2", "127.0.2.12");
    gw1.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.11", "bob", 27030, 27032, "sendrecv")));
    gw2.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.12", "bob", 27030, 27032, "sendrecv")));
    caller.send(
        invite(
            caller,
            "bob@127.0.1.1",
            "e2e-10",
            Sdp.of("127.0.1.100", "alice", 26050, 26052, "sendrecv")),
        PROXY_PUBLIC);
    SipResponse ok = caller.awaitResponse("e2e-10", "INVITE", 200, WAIT);
    assertThat(ok).isNotNull();
    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    caller.send(ack, TestUserAgent.nextHop(ack));
    TestUserAgent callee = calleeOf("e2e-10", gw1, gw2);
    assertThat(callee.awaitRequest("e2e-10", "ACK", WAIT)).isNotNull();
    awaitRelayCalls(1);
    long okBefore = fx.proxy.counters().responsesReceived().getOrDefault(200, 0L);

    assertThat(fx.proxy.terminate("e2e-10")).isEqualTo("bye-sent");

    SipRequest atCaller = caller.awaitRequest("e2e-10", "BYE", WAIT);
    SipRequest atCallee = callee.awaitRequest("e2e-10", "BYE", WAIT);
    assertThat(atCaller).isNotNull();
    assertThat(atCallee).isNotNull();
    assertThat(atCaller.requestUriText()).isEqualTo("sip:caller@" + caller.hostPort());
    assertThat(atCaller.from().tag()).isEqualTo(ok.to().tag());
    assertThat(atCaller.to().tag()).isEqualTo("caller-e2e-10");
    assertThat(atCaller.topVia().host()).isEqualTo("127.0.1.1");
    String calleeName = callee == gw1 ? "gw1" : "gw2";
    assertThat(atCallee.requestUriText()).isEqualTo("sip:" + calleeName + "@" + callee.hostPort());
    assertThat(atCallee.from().tag()).isEqualTo("caller-e2e-10");
    assertThat(atCallee.to().tag()).isEqualTo(ok.to().tag());
    assertThat(atCallee.cseq().number()).isGreaterThan(1);
    assertThat(atCallee.topVia().host()).isEqualTo("127.0.2.1");
    // both phones answered 200 (the test agents do), and the proxy received both
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (fx.proxy.counters().responsesReceived().getOrDefault(200, 0L) < okBefore + 2
        && System.nanoTime() - deadline < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    assertThat(fx.proxy.counters().responsesReceived().get(200)).isEqualTo(okBefore + 2);
    assertThat(fx.proxy.calls()).isEmpty();
    assertThat(fx.proxy.answeredCalls()).isZero();
    awaitRelayCalls(0);
  }

  private static int cseq(SipResponse r) {
    try {
      return r.cseq().number();
    } catch (io.isthmus.sip.SipParseException e) {
      return -1;
    }
  }

  @Test
  void privateToPublicCallGoesToThePublicSetWithPublicMediaAddresses() {
    TestUserAgent pbx = ua("pbx", "127.0.2.50");
    TestUserAgent carrier = ua("carrier", "127.0.1.21");
    carrier.script(
        TestUserAgent.Script.answer(Sdp.of("127.0.1.21", "carrier", 28000, 28002, "sendrecv")));
    pbx.send(
        invite(
            pbx,
            "+15551234@127.0.2.1",
            "e2e-2",
            Sdp.of("127.0.2.50", "pbx", 29000, 29002, "sendrecv")),
        PROXY_PRIVATE);

    SipResponse ok = pbx.awaitResponse("e2e-2", "INVITE", 200, WAIT);
    assertThat(ok).isNotNull();
    SipRequest atCarrier = carrier.awaitRequest("e2e-2", "INVITE", WAIT);
    assertThat(Sdp.media(body(atCarrier)))
        .allMatch(a -> a.getAddress().getHostAddress().equals("127.0.1.1"));
    assertThat(Sdp.media(body(ok)))
        .allMatch(a -> a.getAddress().getHostAddress().equals("127.0.2.1"));
    assertThat(atCarrier.headerValues(HeaderName.RECORD_ROUTE).getFirst()).contains("127.0.1.1");
    SipRequest bye = pbx.inDialog("BYE", ok, 2, null);
    pbx.send(bye, TestUserAgent.nextHop(bye));
    assertThat(pbx.awaitResponse("e2e-2", "BYE", 200, WAIT)).isNotNull();
    awaitRelayCalls(0);
  }

  @Test
  void cancelDuringRingingGives487CancelsTheGatewayAndFreesTheMedia() {
    TestUserAgent caller = ua("alice", "127.0.1.100");
    TestUserAgent gw1 = ua("gw1", "127.0.2.11");
    TestUserAgent gw2 = ua("gw2", "127.0.2.12");
    gw1.script(TestUserAgent.Script.ringForever());
    gw2.script(TestUserAgent.Script.ringForever());
    String text =
        invite(
            caller,
            "bob@127.0.1.1",
            "e2e-3",
            Sdp.of("127.0.1.100", "alice", 26010, 26012, "sendrecv"));
    caller.send(text, PROXY_PUBLIC);
    assertThat(caller.awaitResponse("e2e-3", "INVITE", 180, WAIT)).isNotNull();
    awaitRelayCalls(1);

    caller.send(
        text.replace("INVITE sip:", "CANCEL sip:")
            .replace("1 INVITE", "1 CANCEL")
            .replaceAll("(?s)Content-Type.*", "Content-Length: 0\n\n"),
        PROXY_PUBLIC);
    assertThat(caller.awaitResponse("e2e-3", "CANCEL", 200, WAIT)).isNotNull();
    assertThat(caller.awaitResponse("e2e-3", "INVITE", 487, WAIT)).isNotNull();
    TestUserAgent callee = calleeOf("e2e-3", gw1, gw2);
    assertThat(callee.awaitRequest("e2e-3", "CANCEL", WAIT)).isNotNull();
    awaitRelayCalls(0);
  }

  @Test
  void lateOfferTakesTheCalleesSdpAsOfferAndTheAckAsAnswer() {
    TestUserAgent caller = ua("alice", "127.0.1.100");
    TestUserAgent gw1 = ua("gw1", "127.0.2.11");
    TestUserAgent gw2 = ua("gw2", "127.0.2.12");
    gw1.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.11", "bob", 27010, 27012, "sendrecv")));
    gw2.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.12", "bob", 27010, 27012, "sendrecv")));
    caller.send(invite(caller, "bob@127.0.1.1", "e2e-4", null), PROXY_PUBLIC);

    SipResponse ok = caller.awaitResponse("e2e-4", "INVITE", 200, WAIT);
    assertThat(ok).isNotNull();
    assertThat(Sdp.media(body(ok)))
        .allMatch(a -> a.getAddress().getHostAddress().equals("127.0.1.1"));
    SipRequest ack =
        caller.inDialog("ACK", ok, 1, Sdp.of("127.0.1.100", "alice", 26020, 26022, "sendrecv"));
    caller.send(ack, TestUserAgent.nextHop(ack));
    TestUserAgent callee = calleeOf("e2e-4", gw1, gw2);
    SipRequest ackAtCallee = callee.awaitRequest("e2e-4", "ACK", WAIT);
    assertThat(ackAtCallee).isNotNull();
    assertThat(Sdp.media(body(ackAtCallee)))
        .hasSize(2)
        .allMatch(a -> a.getAddress().getHostAddress().equals("127.0.2.1"));
    SipRequest bye = caller.inDialog("BYE", ok, 2, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    assertThat(caller.awaitResponse("e2e-4", "BYE", 200, WAIT)).isNotNull();
    awaitRelayCalls(0);
  }

  @Test
  void aSilentGatewayCostsTheFirstCallTheNoResponseTimeoutAndNoCallIsLost() {
    TestUserAgent caller = ua("alice", "127.0.1.100");
    TestUserAgent gw1 = ua("gw1", "127.0.2.11");
    TestUserAgent gw2 = ua("gw2", "127.0.2.12");
    gw1.script(TestUserAgent.Script.noAnswer()); // killed: takes packets, answers nothing
    gw2.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.12", "bob", 27020, 27022, "sendrecv")));
    List<String> ids = new ArrayList<>();
    Map<String, Long> setupNanos = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      String id = "e2e-5-" + i;
      ids.add(id);
      long t0 = System.nanoTime();
      caller.send(
          invite(
              caller,
              "bob@127.0.1.1",
              id,
              Sdp.of("127.0.1.100", "alice", 26030, 26032, "sendrecv")),
          PROXY_PUBLIC);
      SipResponse ok = caller.awaitResponse(id, "INVITE", 200, WAIT);
      setupNanos.put(id, System.nanoTime() - t0);
      assertThat(ok).as(id).isNotNull();
      SipRequest ack = caller.inDialog("ACK", ok, 1, null);
      caller.send(ack, TestUserAgent.nextHop(ack));
      SipRequest bye = caller.inDialog("BYE", ok, 2, null);
      caller.send(bye, TestUserAgent.nextHop(bye));
      assertThat(caller.awaitResponse(id, "BYE", 200, WAIT)).isNotNull();
    }
    // Round robin over two gateways gives the dead one the first or the second call: exactly one
    // call meets it, in one INVITE transaction, and after that it is known down and skipped.
    assertThat(inviteCallIds(gw1)).hasSize(1).containsAnyOf(ids.get(0), ids.get(1));
    assertThat(inviteBranches(gw1)).hasSize(1);
    // gw2 took every call, the failed-over one included: one failover, four answered calls.
    assertThat(inviteCallIds(gw2)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(inviteBranches(gw2)).hasSize(4);
    String failedOver = inviteCallIds(gw1).iterator().next();
    assertThat(finalInviteStatuses(caller, ids)).containsOnly(200);
    // A host that takes packets and sends nothing back (not even ICMP) leaves only the
    // no-response timeout (DispatcherSettings): a lower bound, which no load can make fail.
    assertThat(Duration.ofNanos(setupNanos.get(failedOver)))
        .isGreaterThanOrEqualTo(DispatcherSettings.DEFAULT_NO_RESPONSE_TIMEOUT);
    awaitRelayCalls(0);
  }

  /** Distinct Call-IDs of the INVITEs {@code gateway} received. */
  private static Set<String> inviteCallIds(TestUserAgent gateway) {
    return invitesAt(gateway).map(ProxyEndToEndTest::callIdOf).collect(Collectors.toSet());
  }

  /** INVITE transactions that reached {@code gateway} (a retransmission has the same branch). */
  private static Set<String> inviteBranches(TestUserAgent gateway) {
    return invitesAt(gateway)
        .map(
            r -> {
              try {
                return r.topVia().branch();
              } catch (io.isthmus.sip.SipParseException e) {
                return "";
              }
            })
        .collect(Collectors.toSet());
  }

  private static Stream<SipRequest> invitesAt(TestUserAgent gateway) {
    return gateway.received().stream()
        .filter(m -> m instanceof SipRequest r && r.method().name().equals("INVITE"))
        .map(SipRequest.class::cast);
  }

  /** The statuses of every final response to the INVITEs of {@code ids} the caller received. */
  private static List<Integer> finalInviteStatuses(TestUserAgent caller, List<String> ids) {
    return caller.received().stream()
        .filter(
            m ->
                m instanceof SipResponse r
                    && r.status() >= 200
                    && ids.contains(callIdOf(r))
                    && cseq(r) == 1)
        .map(m -> ((SipResponse) m).status())
        .toList();
  }

  private static String callIdOf(io.isthmus.sip.message.SipMessage m) {
    try {
      return m.callId();
    } catch (io.isthmus.sip.SipParseException e) {
      return "";
    }
  }

  @Test
  void allGatewaysDownGives503AndNoMediaIsLeft() {
    TestUserAgent caller = ua("alice", "127.0.1.100");
    TestUserAgent gw1 = ua("gw1", "127.0.2.11");
    TestUserAgent gw2 = ua("gw2", "127.0.2.12");
    gw1.script(TestUserAgent.Script.noAnswer());
    gw2.script(TestUserAgent.Script.noAnswer());
    caller.send(
        invite(
            caller,
            "bob@127.0.1.1",
            "e2e-6",
            Sdp.of("127.0.1.100", "alice", 26040, 26042, "sendrecv")),
        PROXY_PUBLIC);
    assertThat(caller.awaitResponse("e2e-6", "INVITE", 503, Duration.ofSeconds(8))).isNotNull();
    // each gateway was tried once (one transaction each), then the set was exhausted
    assertThat(inviteCallIds(gw1)).containsExactly("e2e-6");
    assertThat(inviteCallIds(gw2)).containsExactly("e2e-6");
    assertThat(inviteBranches(gw1)).hasSize(1);
    assertThat(inviteBranches(gw2)).hasSize(1);
    assertThat(finalInviteStatuses(caller, List.of("e2e-6"))).containsExactly(503);
    awaitRelayCalls(0);
  }

  @Test
  void unknownAndWrongSideSourcesGet403AndOptionsToTheProxyGets200() {
    TestUserAgent stranger = ua("stranger", "127.0.3.5");
    TestUserAgent wrongSide = ua("pbx", "127.0.2.50");
    TestUserAgent caller = ua("alice", "127.0.1.100");
    stranger.send(invite(stranger, "bob@127.0.1.1", "e2e-7", null), PROXY_PUBLIC);
    wrongSide.send(invite(wrongSide, "bob@127.0.1.1", "e2e-8", null), PROXY_PUBLIC);
    assertThat(stranger.awaitResponse("e2e-7", "INVITE", 403, WAIT)).isNotNull();
    assertThat(wrongSide.awaitResponse("e2e-8", "INVITE", 403, WAIT)).isNotNull();

    caller.send(
        "OPTIONS sip:127.0.1.1:25060 SIP/2.0\nVia: SIP/2.0/UDP 127.0.1.100:25080;branch=z9hG4bK-o1\n"
            + "Max-Forwards: 70\nFrom: <sip:alice@127.0.1.100>;tag=o\nTo: <sip:127.0.1.1:25060>\n"
            + "Call-ID: e2e-9\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n",
        PROXY_PUBLIC);
    SipResponse ok = caller.awaitResponse("e2e-9", "OPTIONS", 200, WAIT);
    assertThat(ok).isNotNull();
    assertThat(ok.headerValue(HeaderName.ALLOW)).isPresent();
    assertThat(fx.relay.callCount()).isZero();
  }
}
