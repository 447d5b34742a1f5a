package io.isthmus.proxy.e2e;

import static io.isthmus.proxy.e2e.Calls.WAIT;
import static io.isthmus.proxy.e2e.Calls.body;
import static io.isthmus.proxy.e2e.Calls.flowBothWays;
import static io.isthmus.proxy.e2e.Calls.invite;
import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PUBLIC;
import static io.isthmus.proxy.e2e.ProxyFixture.UA_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.media.NgMediaControl;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.RtpEndpoint;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy driving a relay over the NG protocol on UDP, as it drives any rtpengine: the Isthmus
 * relay behind its own NG server, and the Debian rtpengine daemon. A call public to private with
 * audio and video, RTP and RTCP both ways through the relay, then BYE and nothing left pinned.
 */
class NgRelayEndToEndTest {
  private ProxyFixture fx;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  private <T extends AutoCloseable> T open(T c) {
    closeables.add(c);
    return c;
  }

  @Test
  void aCallThroughTheIsthmusRelayOverNgCarriesMediaBothWays() throws Exception {
    fx = new ProxyFixture(ProxyFixture.Options.DEFAULTS.withMedia(ProxyFixture.Media.NG_ISTHMUS));
    callWithMediaBothWays("ng-isthmus-1");
    await(() -> fx.relay.callCount(), 0);
    await(() -> ((NgMediaControl) fx.media).pinnedCalls(), 0);
  }

  @Test
  void aCallThroughTheDebianRtpengineOverNgCarriesMediaBothWays() throws Exception {
    fx = new ProxyFixture(ProxyFixture.Options.DEFAULTS.withMedia(ProxyFixture.Media.NG_RTPENGINE));
    try {
      callWithMediaBothWays("ng-rtpengine-1");
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n--- rtpengine log ---\n" + fx.rtpengineLog(), e);
    }
    await(() -> ((NgMediaControl) fx.media).pinnedCalls(), 0);
  }

  private void callWithMediaBothWays(String callId) {
    TestUserAgent caller = open(TestUserAgent.bind("alice", "127.0.1.100", UA_PORT));
    TestUserAgent gw1 = open(TestUserAgent.bind("gw1", "127.0.2.11", UA_PORT));
    TestUserAgent gw2 = open(TestUserAgent.bind("gw2", "127.0.2.12", UA_PORT));
    RtpEndpoint aAudio = open(RtpEndpoint.bind("127.0.1.100", 26100));
    RtpEndpoint aAudioRtcp = open(RtpEndpoint.bind("127.0.1.100", 26101));
    RtpEndpoint aVideo = open(RtpEndpoint.bind("127.0.1.100", 26102));
    RtpEndpoint aVideoRtcp = open(RtpEndpoint.bind("127.0.1.100", 26103));
    gw1.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.11", "bob", 27100, 27102, "sendrecv")));
    gw2.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.12", "bob", 27100, 27102, "sendrecv")));

    caller.send(
        invite(
            caller,
            "bob@127.0.1.1",
            callId,
            Sdp.of("127.0.1.100", "alice", 26100, 26102, "sendrecv")),
        PROXY_PUBLIC);
    SipResponse ok = caller.awaitResponse(callId, "INVITE", 200, WAIT);
    assertThat(ok).as("200 to the INVITE").isNotNull();
    TestUserAgent callee = gw1.count("INVITE") > 0 ? gw1 : gw2;
    String calleeIp = callee == gw1 ? "127.0.2.11" : "127.0.2.12";
    SipRequest atGateway = callee.awaitRequest(callId, "INVITE", WAIT);
    List<InetSocketAddress> towardsCallee = Sdp.media(body(atGateway));
    List<InetSocketAddress> towardsCaller = Sdp.media(body(ok));
    assertThat(towardsCallee)
        .hasSize(2)
        .allMatch(a -> a.getAddress().getHostAddress().equals("127.0.2.1"));
    assertThat(towardsCaller)
        .hasSize(2)
        .allMatch(a -> a.getAddress().getHostAddress().equals("127.0.1.1"));
    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    caller.send(ack, TestUserAgent.nextHop(ack));
    assertThat(callee.awaitRequest(callId, "ACK", WAIT)).isNotNull();

    RtpEndpoint bAudio = open(RtpEndpoint.bind(calleeIp, 27100));
    RtpEndpoint bAudioRtcp = open(RtpEndpoint.bind(calleeIp, 27101));
    RtpEndpoint bVideo = open(RtpEndpoint.bind(calleeIp, 27102));
    RtpEndpoint bVideoRtcp = open(RtpEndpoint.bind(calleeIp, 27103));
    flowBothWays(
        aAudio, aAudioRtcp, towardsCaller.get(0), bAudio, bAudioRtcp, towardsCallee.get(0), 0);
    flowBothWays(
        aVideo, aVideoRtcp, towardsCaller.get(1), bVideo, bVideoRtcp, towardsCallee.get(1), 96);

    SipRequest bye = caller.inDialog("BYE", ok, 2, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    assertThat(caller.awaitResponse(callId, "BYE", 200, WAIT)).isNotNull();
    assertThat(callee.awaitRequest(callId, "BYE", WAIT)).isNotNull();
  }

  private static void await(IntSupplier value, int expected) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (value.getAsInt() != expected && System.nanoTime() - deadline < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll every millisecond
    }
    assertThat(value.getAsInt()).isEqualTo(expected);
  }
}
