package io.isthmus.proxy.e2e;

import static io.isthmus.proxy.e2e.Calls.WAIT;
import static io.isthmus.proxy.e2e.Calls.invite;
import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PRIVATE;
import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PUBLIC;
import static io.isthmus.proxy.e2e.ProxyFixture.UA_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.resolve.DnsSettings;
import io.isthmus.proxy.resolve.SipResolver;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.DnsmasqProcess;
import io.isthmus.testkit.TestUserAgent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Host names where a dialog puts them: the callee (127.0.2.11, the only gateway) answers with a
 * Contact given by name, served by a dnsmasq the test starts on 127.0.0.1:25355. The ACK of the 2xx
 * (relayed statelessly), the caller's BYE (in-dialog, loose-routed) and the BYE the proxy sends
 * itself on {@code terminate} or to hang up a callee whose answer the relay refused all reach the
 * address the records name, exactly once; a Contact without port goes by its SRV records, and a BYE
 * whose first target fails (ICMP, or a 503) is sent to the next target (RFC 3263 §4.3).
 */
class DnsInDialogEndToEndTest {
  private static final int DNS_PORT = 25355;
  private final List<AutoCloseable> open = new ArrayList<>();
  private ProxyFixture fx;
  private TestUserAgent caller;
  private TestUserAgent callee;

  @BeforeEach
  void start() throws Exception {
    DnsmasqProcess dns =
        DnsmasqProcess.start(
            Path.of("target", "dnsmasq", "in-dialog"),
            DNS_PORT,
            300,
            List.of(
                "--host-record=callee.dialog.test,127.0.2.11",
                "--host-record=dead.dialog.test,127.0.2.12",
                // SRV: the dead (or busy) address first, the callee second
                "--srv-host=_sip._udp.srv.dialog.test,dead.dialog.test," + UA_PORT + ",10,0",
                "--srv-host=_sip._udp.srv.dialog.test,callee.dialog.test," + UA_PORT + ",20,0"));
    open.add(dns);
    fx =
        new ProxyFixture(
            ProxyFixture.Options.DEFAULTS.withList(
                "1 sip:127.0.1.21:" + UA_PORT + "\n2 sip:127.0.2.11:" + UA_PORT + "\n"));
    SipResolver resolver = new SipResolver(DnsSettings.server(dns.address()), fx.loops);
    open.add(resolver);
    fx.dispatcher.useResolver(resolver);
    caller = ua("alice", "127.0.1.100");
    callee = ua("bob", "127.0.2.11");
    callee.mute(true); // answers by hand: its 2xx carries a Contact given by name
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  private TestUserAgent ua(String name, String address) {
    TestUserAgent ua = TestUserAgent.bind(name, address, UA_PORT);
    open.add(ua);
    return ua;
  }

  @Test
  void theAckAndTheCallersByeReachTheAddressOfTheContactsName() throws Exception {
    SipResponse ok = answeredCall("dns-a", "callee.dialog.test:" + UA_PORT);
    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    caller.send(ack, TestUserAgent.nextHop(ack));
    assertThat(callee.awaitRequest("dns-a", "ACK", WAIT))
        .as("ACK to callee.dialog.test")
        .isNotNull();

    SipRequest bye = caller.inDialog("BYE", ok, 2, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    SipRequest got = callee.awaitRequest("dns-a", "BYE", WAIT);
    assertThat(got).as("BYE to callee.dialog.test").isNotNull();
    callee.send(callee.response(got, 200, "OK", null, null), PROXY_PRIVATE);
    assertThat(caller.awaitResponse("dns-a", "BYE", 200, WAIT)).isNotNull();
    assertThat(count(callee, "dns-a", "ACK")).isEqualTo(1);
    assertThat(count(callee, "dns-a", "BYE")).isEqualTo(1);
  }

  @Test
  void terminateSendsItsByeToTheAddressOfTheContactsName() throws Exception {
    SipResponse ok = answeredCall("dns-term", "callee.dialog.test:" + UA_PORT);
    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    caller.send(ack, TestUserAgent.nextHop(ack));
    assertThat(callee.awaitRequest("dns-term", "ACK", WAIT)).isNotNull();

    assertThat(fx.proxy.terminate("dns-term")).isEqualTo("bye-sent");
    SipRequest got = callee.awaitRequest("dns-term", "BYE", WAIT);
    assertThat(got).as("the proxy's BYE to callee.dialog.test").isNotNull();
    callee.send(callee.response(got, 200, "OK", null, null), PROXY_PRIVATE);
    assertThat(caller.awaitRequest("dns-term", "BYE", WAIT)).as("the caller's BYE").isNotNull();
    assertThat(count(callee, "dns-term", "BYE")).isEqualTo(1);
    assertThat(count(caller, "dns-term", "BYE")).isEqualTo(1);
  }

  /**
   * A 2xx whose SDP the relay refuses: the caller gets 500 and the proxy hangs up the callee (ACK
   * and BYE of its own) at the address its Contact's name has, exactly once each.
   */
  @Test
  void theHangUpOfACalleeWhoseAnswerTheRelayRefusedReachesTheContactsName() throws Exception {
    caller.send(
        invite(
            caller,
            "bob@127.0.1.1",
            "dns-hangup",
            Sdp.of("127.0.1.100", "a", 26400, 26402, "sendrecv")),
        PROXY_PUBLIC);
    SipRequest inv = callee.awaitRequest("dns-hangup", "INVITE", WAIT);
    assertThat(inv).isNotNull();
    SipResponse built = callee.response(inv, 200, "OK", "bob-hangup", "this is not SDP\r\n");
    String ok =
        new String(built.toBytes(), java.nio.charset.StandardCharsets.UTF_8)
            .replace(
                "Contact: <sip:bob@" + callee.hostPort() + ">",
                "Contact: <sip:bob@callee.dialog.test:" + UA_PORT + ">");
    callee.send(ok, PROXY_PRIVATE);
    assertThat(caller.awaitResponse("dns-hangup", "INVITE", 500, WAIT)).isNotNull();
    SipRequest bye = callee.awaitRequest("dns-hangup", "BYE", WAIT);
    assertThat(bye).as("the proxy's BYE to callee.dialog.test").isNotNull();
    callee.send(callee.response(bye, 200, "OK", null, null), PROXY_PRIVATE);
    assertThat(callee.awaitRequest("dns-hangup", "ACK", WAIT)).isNotNull();
    assertThat(count(callee, "dns-hangup", "ACK")).isEqualTo(1);
    assertThat(count(callee, "dns-hangup", "BYE")).isEqualTo(1);
  }

  @Test
  void aByeWhoseFirstSrvTargetIsUnreachableGoesToTheNext() throws Exception {
    SipResponse ok = answeredCall("dns-srv", "srv.dialog.test");
    long errors = fx.proxy.transactionCounter(m -> m.transportErrors());
    SipRequest bye = caller.inDialog("BYE", ok, 2, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    SipRequest got = callee.awaitRequest("dns-srv", "BYE", WAIT);
    assertThat(got).as("BYE to the second SRV target").isNotNull();
    callee.send(callee.response(got, 200, "OK", null, null), PROXY_PRIVATE);
    assertThat(caller.awaitResponse("dns-srv", "BYE", 200, WAIT)).isNotNull();
    assertThat(count(callee, "dns-srv", "BYE")).isEqualTo(1);
    assertThat(fx.proxy.transactionCounter(m -> m.transportErrors()) - errors)
        .as("the first target's port is closed")
        .isEqualTo(1);
  }

  @Test
  void aByeAnswered503ByTheFirstSrvTargetGoesToTheNext() throws Exception {
    TestUserAgent busy = ua("busy", "127.0.2.12");
    busy.mute(true);
    SipResponse ok = answeredCall("dns-503", "srv.dialog.test");
    SipRequest bye = caller.inDialog("BYE", ok, 2, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    SipRequest first = busy.awaitRequest("dns-503", "BYE", WAIT);
    assertThat(first).as("BYE to the first SRV target").isNotNull();
    busy.send(busy.response(first, 503, "Service Unavailable", null, null), PROXY_PRIVATE);
    SipRequest second = callee.awaitRequest("dns-503", "BYE", WAIT);
    assertThat(second).as("BYE to the second SRV target").isNotNull();
    callee.send(callee.response(second, 200, "OK", null, null), PROXY_PRIVATE);
    assertThat(caller.awaitResponse("dns-503", "BYE", 200, WAIT)).isNotNull();
    assertThat(count(busy, "dns-503", "BYE")).isEqualTo(1);
    assertThat(count(callee, "dns-503", "BYE")).isEqualTo(1);
    assertThat(caller.received().stream().filter(m -> is503(m, "dns-503")).count())
        .as("the 503 stays in the proxy")
        .isZero();
  }

  /**
   * A call from the caller answered by the callee with {@code Contact: <sip:bob@CONTACT>}: the 2xx
   * the caller got.
   */
  private SipResponse answeredCall(String id, String contact) throws Exception {
    caller.send(
        invite(caller, "bob@127.0.1.1", id, Sdp.of("127.0.1.100", "a", 26400, 26402, "sendrecv")),
        PROXY_PUBLIC);
    SipRequest inv = callee.awaitRequest(id, "INVITE", WAIT);
    assertThat(inv).as(id + " INVITE at the callee").isNotNull();
    SipResponse built =
        callee.response(
            inv, 200, "OK", "bob-" + id, Sdp.of("127.0.2.11", "b", 27400, 27402, "sendrecv"));
    String ok =
        new String(built.toBytes(), java.nio.charset.StandardCharsets.UTF_8)
            .replace(
                "Contact: <sip:bob@" + callee.hostPort() + ">",
                "Contact: <sip:bob@" + contact + ">");
    assertThat(ok).contains("Contact: <sip:bob@" + contact + ">");
    callee.send(ok, PROXY_PRIVATE);
    SipResponse up = caller.awaitResponse(id, "INVITE", 200, WAIT);
    assertThat(up).as(id + " 200 at the caller").isNotNull();
    return up;
  }

  private static long count(TestUserAgent ua, String callId, String method) {
    return ua.received().stream()
        .filter(m -> m instanceof SipRequest r && r.method().name().equals(method))
        .filter(m -> callIdIs(m, callId))
        .count();
  }

  private static boolean is503(SipMessage m, String callId) {
    return m instanceof SipResponse r && r.status() == 503 && callIdIs(m, callId);
  }

  private static boolean callIdIs(SipMessage m, String callId) {
    try {
      return m.callId().equals(callId);
    } catch (SipParseException e) {
      return false;
    }
  }
}
