package io.isthmus.proxy.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.transport.LoopGroup;
import io.isthmus.sip.uri.SipUri;
import io.isthmus.testkit.DnsmasqProcess;
import io.netty.channel.EventLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 3263 against a real DNS server: a dnsmasq on 127.0.0.1:25353 that the test starts with its
 * records (and stops by PID), the resolver asking only it.
 */
class SipResolverTest {
  private static final int PORT = 25353;
  private static DnsmasqProcess dns;
  private static LoopGroup loops;
  private static SipResolver resolver;

  @BeforeAll
  static void start() throws Exception {
    dns =
        DnsmasqProcess.start(
            Path.of("target", "dnsmasq", "resolver"),
            PORT,
            300,
            List.of(
                // SRV with two priorities: b and a first (priority 10), c after (priority 20)
                "--srv-host=_sip._udp.gw.test,c.test,5062,20,10",
                "--srv-host=_sip._udp.gw.test,a.test,5060,10,60",
                "--srv-host=_sip._udp.gw.test,b.test,5061,10,40",
                "--srv-host=_sip._tcp.gw.test,a.test,5070,10,0",
                "--host-record=a.test,127.0.2.11",
                "--host-record=b.test,127.0.2.12",
                "--host-record=c.test,127.0.2.13",
                // NAPTR pointing at TCP only
                "--naptr-record=carrier.test,10,50,s,SIP+D2T,,_sip._tcp.carrier.test",
                "--naptr-record=carrier.test,20,50,s,SIPS+D2T,,_sips._tcp.carrier.test",
                "--srv-host=_sip._tcp.carrier.test,b.test,5080,0,0",
                // a name with an address and no SRV
                "--host-record=plain.test,127.0.2.21"));
    loops = LoopGroup.start(1, true);
    resolver = new SipResolver(DnsSettings.server(dns.address()), loops);
  }

  @AfterAll
  static void stop() {
    if (resolver != null) {
      resolver.close();
    }
    if (loops != null) {
      loops.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  private static List<Target> resolve(String uri) throws Exception {
    EventLoop loop = loops.loop(0);
    SipUri sip = SipUri.parse(uri);
    return loop.submit(() -> resolver.resolve(sip, loop).toCompletableFuture())
        .get(5, TimeUnit.SECONDS)
        .get(5, TimeUnit.SECONDS);
  }

  private static List<String> addresses(List<Target> targets) {
    List<String> out = new ArrayList<>();
    for (Target t : targets) {
      out.add(
          t.transport()
              + " "
              + t.address().getAddress().getHostAddress()
              + ":"
              + t.address().getPort());
    }
    return out;
  }

  @Test
  void srvTargetsComeByPriorityThenTcpAfterUdp() throws Exception {
    List<String> got = addresses(resolve("sip:gw.test"));
    assertThat(got).hasSize(4);
    assertThat(got.subList(0, 2))
        .containsExactlyInAnyOrder("UDP 127.0.2.11:5060", "UDP 127.0.2.12:5061");
    assertThat(got.get(2)).isEqualTo("UDP 127.0.2.13:5062");
    assertThat(got.get(3)).isEqualTo("TCP 127.0.2.11:5070");
  }

  @Test
  void aTransportParameterAsksOnlyThatSrv() throws Exception {
    assertThat(addresses(resolve("sip:gw.test;transport=tcp")))
        .containsExactly("TCP 127.0.2.11:5070");
  }

  @Test
  void naptrLeadsToTheTransportItNames() throws Exception {
    List<Target> got = resolve("sip:carrier.test");
    // SIPS+D2T (TLS) is skipped: this proxy does not speak it
    assertThat(addresses(got)).containsExactly("TCP 127.0.2.12:5080");
    assertThat(got.getFirst().via()).startsWith("NAPTR carrier.test SIP+D2T -> SRV");
  }

  @Test
  void aPortMeansAddressRecordsOnly() throws Exception {
    assertThat(addresses(resolve("sip:gw.test:5099"))).isEmpty(); // gw.test has no A record
    assertThat(addresses(resolve("sip:a.test:5099"))).containsExactly("UDP 127.0.2.11:5099");
  }

  @Test
  void noSrvFallsBackToTheAddressOn5060() throws Exception {
    assertThat(addresses(resolve("sip:plain.test"))).containsExactly("UDP 127.0.2.21:5060");
  }

  @Test
  void anUnknownNameResolvesToNothing() throws Exception {
    assertThat(resolve("sip:nowhere.test")).isEmpty();
  }

  @Test
  void aSipsNameIsNotResolvedSoItIsNeverReachedWithoutTls() throws Exception {
    EventLoop loop = loops.loop(0);
    SipUri sips = SipUri.parse("sips:plain.test");
    var stage = loop.submit(() -> resolver.resolve(sips, loop).toCompletableFuture()).get();
    assertThat(stage).failsWithin(5, TimeUnit.SECONDS);
  }

  /**
   * A reload with other DNS servers: the next lookup of a name asks the new server (another answer
   * for the same name, which the cache of the old one must not hide); the same settings again
   * change nothing.
   */
  @Test
  void reconfiguredServersAnswerTheNextLookupWithAnEmptyCache() throws Exception {
    try (DnsmasqProcess other =
            DnsmasqProcess.start(
                Path.of("target", "dnsmasq", "resolver-reload"),
                PORT + 10,
                300,
                List.of("--host-record=plain.test,127.0.2.22"));
        SipResolver moving = new SipResolver(DnsSettings.server(dns.address()), loops)) {
      EventLoop loop = loops.loop(0);
      SipUri plain = SipUri.parse("sip:plain.test:5060");
      assertThat(addresses(resolveWith(moving, plain, loop)))
          .containsExactly("UDP 127.0.2.21:5060");
      long otherBefore = other.queries();

      assertThat(moving.reconfigure(DnsSettings.server(other.address()))).isTrue();
      assertThat(moving.settings().servers()).containsExactly(other.address());
      assertThat(addresses(resolveWith(moving, plain, loop)))
          .containsExactly("UDP 127.0.2.22:5060");
      assertThat(other.queries()).as("the new server was asked").isGreaterThan(otherBefore);

      assertThat(moving.reconfigure(DnsSettings.server(other.address()))).isFalse();
      assertThat(addresses(resolveWith(moving, plain, loop)))
          .containsExactly("UDP 127.0.2.22:5060");
    }
  }

  private static List<Target> resolveWith(SipResolver r, SipUri uri, EventLoop loop)
      throws Exception {
    return loop.submit(() -> r.resolve(uri, loop).toCompletableFuture())
        .get(5, TimeUnit.SECONDS)
        .get(5, TimeUnit.SECONDS);
  }

  @Test
  void answersAreCachedForTheirTtl() throws Exception {
    resolve("sip:gw.test;transport=tcp");
    long before = dns.queries();
    for (int i = 0; i < 5; i++) {
      assertThat(addresses(resolve("sip:gw.test;transport=tcp")))
          .containsExactly("TCP 127.0.2.11:5070");
    }
    assertThat(dns.queries()).as("queries after the first answer (TTL 300 s)").isEqualTo(before);
  }

  @Test
  void weightsShareTheFirstPlaceWithinAPriority() {
    List<SipResolver.Srv> srvs =
        List.of(
            new SipResolver.Srv(10, 90, 5060, "heavy"),
            new SipResolver.Srv(10, 10, 5060, "light"),
            new SipResolver.Srv(5, 0, 5060, "first"));
    SplittableRandom random = new SplittableRandom(3);
    int heavyFirst = 0;
    for (int i = 0; i < 1000; i++) {
      List<SipResolver.Srv> o = SipResolver.order(srvs, random);
      assertThat(o.getFirst().target()).isEqualTo("first");
      if (o.get(1).target().equals("heavy")) {
        heavyFirst++;
      }
    }
    assertThat(heavyFirst).isBetween(850, 950);
  }
}
