package io.isthmus.proxy.e2e;

import static io.isthmus.proxy.e2e.Calls.WAIT;
import static io.isthmus.proxy.e2e.Calls.body;
import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PUBLIC;
import static io.isthmus.proxy.e2e.ProxyFixture.UA_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.transport.TcpPeer;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.TestUserAgent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller over TCP, the gateway over UDP: the INVITE crosses transports (both Record-Routes carry
 * their own transport), every response to the caller comes back on the caller's connection, and the
 * ACK and the BYE the caller sends on that connection reach the gateway.
 */
class TcpEndToEndTest {
  private ProxyFixture fx;
  private TestUserAgent gw1;
  private TestUserAgent gw2;
  private TcpPeer caller;

  @BeforeEach
  void start() throws Exception {
    fx = new ProxyFixture(ProxyFixture.Options.DEFAULTS.overTcp());
    gw1 = TestUserAgent.bind("gw1", "127.0.2.11", UA_PORT);
    gw2 = TestUserAgent.bind("gw2", "127.0.2.12", UA_PORT);
    caller = TcpPeer.connect("127.0.1.100", PROXY_PUBLIC);
  }

  @AfterEach
  void stop() throws Exception {
    if (caller != null) {
      caller.close();
    }
    gw1.close();
    gw2.close();
    fx.close();
  }

  private String hostPort() {
    return "127.0.1.100:" + caller.localAddress().getPort();
  }

  /** Writes a message from a LF template (Content-Length filled in) on the caller's connection. */
  private void send(String template) throws Exception {
    caller.write(new String(TestUserAgent.parse(template).toBytes(), StandardCharsets.ISO_8859_1));
  }

  /** Reads from the connection until a response with {@code status} to {@code method} comes. */
  private SipResponse readUntil(int status, String method) throws Exception {
    while (true) {
      SipMessage m = caller.read(WAIT);
      if (m instanceof SipResponse r && r.status() == status && r.cseq().method().equals(method)) {
        return r;
      }
    }
  }

  private String inDialog(String method, SipResponse ok, int cseq) throws Exception {
    List<NameAddress> rr = ok.recordRoutes();
    StringBuilder sb = new StringBuilder(method + " " + ok.contacts().addresses().getFirst().uri());
    sb.append(" SIP/2.0\nVia: SIP/2.0/TCP ").append(hostPort());
    sb.append(";branch=z9hG4bK-tcp-").append(method).append(cseq).append('\n');
    for (int i = rr.size() - 1; i >= 0; i--) {
      sb.append("Route: ").append(rr.get(i)).append('\n');
    }
    sb.append("Max-Forwards: 70\n");
    sb.append("From: ").append(ok.headerValue(HeaderName.FROM).orElseThrow()).append('\n');
    sb.append("To: ").append(ok.headerValue(HeaderName.TO).orElseThrow()).append('\n');
    sb.append("Call-ID: ").append(ok.callId()).append('\n');
    sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\nContent-Length: 0\n\n");
    return sb.toString();
  }

  @Test
  void aCallFromATcpCallerToAUdpGatewayIsSetUpAndTornDownOnTheCallersConnection() throws Exception {
    gw1.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.11", "bob", 27300, 27302, "sendrecv")));
    gw2.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.12", "bob", 27300, 27302, "sendrecv")));
    send(
        "INVITE sip:bob@127.0.1.1 SIP/2.0\n"
            + "Via: SIP/2.0/TCP "
            + hostPort()
            + ";branch=z9hG4bK-tcp-inv\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:alice@127.0.1.100>;tag=alice-tcp\n"
            + "To: <sip:bob@127.0.1.1>\n"
            + "Call-ID: tcp-1\n"
            + "CSeq: 1 INVITE\n"
            + "Contact: <sip:alice@"
            + hostPort()
            + ";transport=tcp>\n"
            + "Content-Type: application/sdp\nContent-Length: ?\n\n"
            + Sdp.of("127.0.1.100", "alice", 26300, 26302, "sendrecv"));

    SipResponse ok = readUntil(200, "INVITE");
    TestUserAgent callee = gw1.count("INVITE") > 0 ? gw1 : gw2;
    SipRequest atGateway = callee.awaitRequest("tcp-1", "INVITE", WAIT);
    assertThat(atGateway.topVia().transport()).isEqualTo("UDP");
    assertThat(atGateway.headerValues(HeaderName.RECORD_ROUTE))
        .containsExactly(
            "<sip:127.0.2.1:25060;transport=udp;lr>", "<sip:127.0.1.1:25060;transport=tcp;lr>");
    assertThat(ok.vias()).hasSize(1);
    assertThat(ok.topVia().transport()).isEqualTo("TCP");
    assertThat(Sdp.media(body(ok)))
        .allMatch(a -> a.getAddress().getHostAddress().equals("127.0.1.1"));

    send(inDialog("ACK", ok, 1));
    assertThat(callee.awaitRequest("tcp-1", "ACK", WAIT)).isNotNull();
    send(inDialog("BYE", ok, 2));
    assertThat(readUntil(200, "BYE").callId()).isEqualTo("tcp-1");
    assertThat(callee.awaitRequest("tcp-1", "BYE", WAIT)).isNotNull();
  }
}
