package io.isthmus.proxy.e2e;

import static io.isthmus.proxy.e2e.Calls.WAIT;
import static io.isthmus.proxy.e2e.Calls.invite;
import static io.isthmus.proxy.e2e.ProxyFixture.PROXY_PUBLIC;
import static io.isthmus.proxy.e2e.ProxyFixture.UA_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.dispatcher.GatewayState;
import io.isthmus.proxy.resolve.DnsSettings;
import io.isthmus.proxy.resolve.SipResolver;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.DnsmasqProcess;
import io.isthmus.testkit.TestUserAgent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway known only by name: {@code sip:carrier.e2e.test}, whose SRV records (served by a
 * dnsmasq the test starts on 127.0.0.1:25354) name 127.0.2.12 first (priority 10; its port is
 * closed) and 127.0.2.11 second (priority 20). Each call goes to the first target, gets the ICMP
 * error, and moves on to the second within the same gateway, which stays up: the SRV failover feeds
 * the dispatcher's, and only a gateway whose every target failed is marked down.
 */
class DnsGatewayEndToEndTest {
  private static final int DNS_PORT = 25354;
  private final List<AutoCloseable> open = new ArrayList<>();
  private ProxyFixture fx;

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
  void callsFollowTheSrvTargetsOfANamedGatewayAndFailOverBetweenThem() throws Exception {
    DnsmasqProcess dns =
        DnsmasqProcess.start(
            Path.of("target", "dnsmasq", "e2e"),
            DNS_PORT,
            300,
            List.of(
                "--srv-host=_sip._udp.carrier.e2e.test,dead.e2e.test," + UA_PORT + ",10,0",
                "--srv-host=_sip._udp.carrier.e2e.test,live.e2e.test," + UA_PORT + ",20,0",
                "--host-record=dead.e2e.test,127.0.2.12",
                "--host-record=live.e2e.test,127.0.2.11"));
    open.add(dns);
    fx =
        new ProxyFixture(
            ProxyFixture.Options.DEFAULTS.withList(
                "1 sip:127.0.1.21:" + UA_PORT + "\n2 sip:carrier.e2e.test\n"));
    SipResolver resolver = new SipResolver(DnsSettings.server(dns.address()), fx.loops);
    open.add(resolver);
    fx.dispatcher.useResolver(resolver);
    TestUserAgent caller = ua("alice", "127.0.1.100");
    TestUserAgent live = ua("live", "127.0.2.11");
    live.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.11", "b", 27400, 27402, "sendrecv")));

    for (int i = 0; i < 3; i++) {
      String id = "dns-" + i;
      caller.send(
          invite(caller, "bob@127.0.1.1", id, Sdp.of("127.0.1.100", "a", 26400, 26402, "sendrecv")),
          PROXY_PUBLIC);
      SipResponse ok = caller.awaitResponse(id, "INVITE", 200, WAIT);
      assertThat(ok).as(id).isNotNull();
      SipRequest ack = caller.inDialog("ACK", ok, 1, null);
      caller.send(ack, TestUserAgent.nextHop(ack));
      SipRequest bye = caller.inDialog("BYE", ok, 2, null);
      caller.send(bye, TestUserAgent.nextHop(bye));
      assertThat(caller.awaitResponse(id, "BYE", 200, WAIT)).as(id + " BYE").isNotNull();
    }
    assertThat(live.count("INVITE")).isEqualTo(3);
    // every call tried the priority-10 target first and met its closed port
    assertThat(fx.proxy.transactionCounter(m -> m.transportErrors())).isEqualTo(3);
    assertThat(fx.dispatcher.status().getLast().state()).isEqualTo(GatewayState.ACTIVE);
    assertThat(fx.dispatcher.isGatewayAddress(live.address())).isTrue();

    // A Route given by host name is resolved too (A record: the URI has a port) and followed.
    caller.send(
        "OPTIONS sip:bob@live.e2e.test:"
            + UA_PORT
            + " SIP/2.0\n"
            + "Via: SIP/2.0/UDP "
            + caller.hostPort()
            + ";branch=z9hG4bK-dns-route;rport\n"
            + "Route: <sip:127.0.1.1:"
            + ProxyFixture.SIP_PORT
            + ";lr>, <sip:live.e2e.test:"
            + UA_PORT
            + ";lr>\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:caller@"
            + caller.hostPort()
            + ">;tag=route\n"
            + "To: <sip:bob@live.e2e.test>\n"
            + "Call-ID: dns-route\n"
            + "CSeq: 1 OPTIONS\n"
            + "Content-Length: 0\n\n",
        PROXY_PUBLIC);
    assertThat(live.awaitRequest("dns-route", "OPTIONS", WAIT)).isNotNull();
    assertThat(caller.awaitResponse("dns-route", "OPTIONS", 200, WAIT)).isNotNull();
  }

  /**
   * The first SRV target answers the INVITE 503: the call goes to the second target of the same
   * name (exactly one INVITE each), the caller gets its 200, and the gateway stays up.
   */
  @Test
  void a503FromTheFirstSrvTargetMovesTheCallToTheNextTargetOfTheSameGateway() throws Exception {
    DnsmasqProcess dns =
        DnsmasqProcess.start(
            Path.of("target", "dnsmasq", "e2e-503"),
            DNS_PORT,
            300,
            List.of(
                "--srv-host=_sip._udp.carrier.e2e.test,busy.e2e.test," + UA_PORT + ",10,0",
                "--srv-host=_sip._udp.carrier.e2e.test,live.e2e.test," + UA_PORT + ",20,0",
                "--host-record=busy.e2e.test,127.0.2.12",
                "--host-record=live.e2e.test,127.0.2.11"));
    open.add(dns);
    fx =
        new ProxyFixture(
            ProxyFixture.Options.DEFAULTS.withList(
                "1 sip:127.0.1.21:" + UA_PORT + "\n2 sip:carrier.e2e.test\n"));
    SipResolver resolver = new SipResolver(DnsSettings.server(dns.address()), fx.loops);
    open.add(resolver);
    fx.dispatcher.useResolver(resolver);
    TestUserAgent caller = ua("alice", "127.0.1.100");
    TestUserAgent busy = ua("busy", "127.0.2.12");
    busy.script(TestUserAgent.Script.reject(503));
    TestUserAgent live = ua("live", "127.0.2.11");
    live.script(TestUserAgent.Script.answer(Sdp.of("127.0.2.11", "b", 27400, 27402, "sendrecv")));

    caller.send(
        invite(
            caller,
            "bob@127.0.1.1",
            "dns-503",
            Sdp.of("127.0.1.100", "a", 26400, 26402, "sendrecv")),
        PROXY_PUBLIC);
    SipResponse ok = caller.awaitResponse("dns-503", "INVITE", 200, WAIT);
    assertThat(ok).isNotNull();
    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    caller.send(ack, TestUserAgent.nextHop(ack));
    SipRequest bye = caller.inDialog("BYE", ok, 2, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    assertThat(caller.awaitResponse("dns-503", "BYE", 200, WAIT)).isNotNull();
    assertThat(busy.count("INVITE")).isEqualTo(1);
    assertThat(live.count("INVITE")).isEqualTo(1);
    assertThat(fx.dispatcher.status().getLast().state()).isEqualTo(GatewayState.ACTIVE);
  }
}
