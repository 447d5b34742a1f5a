package io.isthmus.app.admin;

import static io.isthmus.app.admin.AdminFixture.WAIT;
import static io.isthmus.app.admin.AdminFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.RtpEndpoint;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A reload while a call is up, through the API and through SIGHUP: the call keeps its media both
 * ways, its BYE still goes through the proxy, and it ends cleanly (proxy and relay empty after).
 */
class ReloadUnderCallTest {
  private static final InetSocketAddress PROXY_PUBLIC =
      new InetSocketAddress("127.0.1.1", AdminFixture.SIP_PORT);
  private static final String CALL_ID = "reload-under-call@test";
  private static final int CALLER_PORT = 26173;

  private TestUserAgent caller;
  private TestUserAgent gw11;
  private TestUserAgent gw12;
  private RtpEndpoint callerRtp;
  private RtpEndpoint gw11Rtp;
  private RtpEndpoint gw12Rtp;
  private AdminFixture f;

  @BeforeEach
  void start() throws Exception {
    caller = TestUserAgent.bind("caller", "127.0.1.100", CALLER_PORT);
    gw11 = TestUserAgent.bind("gw11", "127.0.2.11", AdminFixture.GW_PORT);
    gw12 = TestUserAgent.bind("gw12", "127.0.2.12", AdminFixture.GW_PORT);
    callerRtp = RtpEndpoint.bind("127.0.1.100", 0);
    gw11Rtp = RtpEndpoint.bind("127.0.2.11", 0);
    gw12Rtp = RtpEndpoint.bind("127.0.2.12", 0);
    gw11.script(TestUserAgent.Script.answer(AdminFixture.sdp("127.0.2.11", gw11Rtp.port())));
    gw12.script(TestUserAgent.Script.answer(AdminFixture.sdp("127.0.2.12", gw12Rtp.port())));
    f = new AdminFixture();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c :
        new AutoCloseable[] {f, caller, gw11, gw12, callerRtp, gw11Rtp, gw12Rtp}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** The answered call: the caller's 200, the gateway that answered, the INVITE it got. */
  private record Call(SipResponse ok, TestUserAgent gateway, RtpEndpoint gatewayRtp, String sdp) {}

  private Call placeCall() {
    caller.send(
        "INVITE sip:bob@127.0.1.1:26160 SIP/2.0\n"
            + "Via: SIP/2.0/UDP 127.0.1.100:"
            + CALLER_PORT
            + ";branch=z9hG4bK-reload-1;rport\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:alice@127.0.1.100:"
            + CALLER_PORT
            + ">;tag=alice-reload\n"
            + "To: <sip:bob@127.0.1.1:26160>\n"
            + "Call-ID: "
            + CALL_ID
            + "\n"
            + "CSeq: 1 INVITE\n"
            + "Contact: <sip:alice@127.0.1.100:"
            + CALLER_PORT
            + ">\n"
            + "Content-Type: application/sdp\nContent-Length: ?\n\n"
            + AdminFixture.sdp("127.0.1.100", callerRtp.port()),
        PROXY_PUBLIC);
    SipResponse ok = caller.awaitResponse(CALL_ID, "INVITE", 200, WAIT);
    assertThat(ok).as("200 for the INVITE").isNotNull();
    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    caller.send(ack, TestUserAgent.nextHop(ack));
    SipRequest at11 = gw11.awaitRequest(CALL_ID, "INVITE", Duration.ZERO);
    if (at11 != null) {
      return new Call(ok, gw11, gw11Rtp, new String(at11.bodyBytes(), StandardCharsets.UTF_8));
    }
    SipRequest at12 = gw12.awaitRequest(CALL_ID, "INVITE", WAIT);
    return new Call(ok, gw12, gw12Rtp, new String(at12.bodyBytes(), StandardCharsets.UTF_8));
  }

  private static InetSocketAddress mediaOf(String sdp) {
    String ip = null;
    int port = -1;
    for (String line : sdp.split("\r\n")) {
      if (line.startsWith("c=IN IP4 ")) {
        ip = line.substring(9).trim();
      } else if (line.startsWith("m=audio ")) {
        port = Integer.parseInt(line.split(" ")[1]);
      }
    }
    return new InetSocketAddress(ip, port);
  }

  /** Sends {@code packets} RTP packets each way through the relay and waits for all of them. */
  private void rtpFlowsBothWays(Call call, int firstSeq, int packets) {
    InetSocketAddress relayForCaller =
        mediaOf(new String(call.ok().bodyBytes(), StandardCharsets.UTF_8));
    InetSocketAddress relayForGateway = mediaOf(call.sdp());
    int callerBefore = callerRtp.count();
    int gatewayBefore = call.gatewayRtp().count();
    for (int seq = firstSeq; seq < firstSeq + packets; seq++) {
      callerRtp.send(RtpEndpoint.rtp(0, seq, seq * 160L, 0xA1, 160, 0x11), relayForCaller);
      call.gatewayRtp().send(RtpEndpoint.rtp(0, seq, seq * 160L, 0xB2, 160, 0x22), relayForGateway);
    }
    assertThat(call.gatewayRtp().awaitCount(gatewayBefore + packets, WAIT))
        .as("caller -> gateway RTP")
        .isTrue();
    assertThat(callerRtp.awaitCount(callerBefore + packets, WAIT))
        .as("gateway -> caller RTP")
        .isTrue();
  }

  private String gatewayUri(TestUserAgent gateway) {
    return "sip:" + gateway.hostPort();
  }

  private boolean gatewaysListed(String text) {
    try {
      return f.getJson("/api/gateways").toString().contains(text);
    } catch (Exception e) {
      return false;
    }
  }

  private JsonNode theCall() throws Exception {
    JsonNode calls = f.getJson("/api/calls");
    assertThat(calls.get("count").intValue()).isEqualTo(1);
    return calls.get("calls").get(0);
  }

  @Test
  void anAnsweredCallSurvivesReloadsThroughTheApiAndSighupAndEndsNormally() throws Exception {
    Call call = placeCall();
    rtpFlowsBothWays(call, 1, 20);
    TestUserAgent other = call.gateway() == gw11 ? gw12 : gw11;

    // 1. POST /api/reload with a gateway set that no longer holds the answering gateway.
    Files.writeString(f.file, AdminFixture.config(gatewayUri(other) + ", sip:127.0.2.13:26170"));
    AdminFixture.Reply reloaded = f.send("POST", "/api/reload", null);
    assertThat(reloaded.status()).as(reloaded.body()).isEqualTo(200);
    assertThat(f.parse(reloaded.body()).get("applied").toString()).contains("dispatcher.sets");
    assertThat(gatewaysListed("127.0.2.13")).isTrue();
    assertThat(theCall().get("state").stringValue()).isEqualTo("answered");
    rtpFlowsBothWays(call, 21, 20);

    // 2. SIGHUP with another set change: the test JVM signals itself, the product reloads.
    Files.writeString(
        f.file, AdminFixture.config(AdminFixture.TWO_GATEWAYS + ", sip:127.0.2.14:26170"));
    Process kill =
        new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
            .inheritIO()
            .start();
    assertThat(kill.waitFor()).isZero();
    assertThat(eventually(() -> gatewaysListed("127.0.2.14"))).isTrue();
    JsonNode stillUp = theCall();
    assertThat(stillUp.get("callId").stringValue()).isEqualTo(CALL_ID);
    assertThat(stillUp.get("state").stringValue()).isEqualTo("answered");
    rtpFlowsBothWays(call, 41, 20);

    // 3. The caller hangs up: the BYE follows the route set through the proxy to the gateway.
    SipRequest bye = caller.inDialog("BYE", call.ok(), 2, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    assertThat(call.gateway().awaitRequest(CALL_ID, "BYE", WAIT)).as("BYE at gateway").isNotNull();
    assertThat(caller.awaitResponse(CALL_ID, "BYE", 200, WAIT)).as("200 for BYE").isNotNull();
    assertThat(eventually(() -> f.product.relay().relay().callIds().isEmpty())).isTrue();
    assertThat(f.getJson("/api/calls").get("count").intValue()).isZero();
    JsonNode stats = f.getJson("/api/stats");
    assertThat(stats.get("calls").get("active").intValue()).isZero();
    assertThat(stats.get("calls").get("answeredTotal").intValue()).isEqualTo(1);
    assertThat(stats.get("media").get("portsInUse").intValue()).isZero();
  }
}
