package io.isthmus.interop.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.Isthmus;
import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.app.wiring.Product;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.TestUserAgent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code isthmus migrate} on a Kamailio dispatcher + rtpengine config of the kind operators run
 * ({@code migrate/kamailio.cfg}: two listen addresses, a dispatcher list file, OPTIONS probing,
 * per-side {@code rtpengine_manage()} flag strings with {@code direction=}, codec and rtcp-mux
 * flags; {@code migrate/rtpengine.conf}): the draft loads with the config loader, its notes name
 * every line it could not map, and Isthmus started from it routes a call with the flags applied.
 */
class MigrateTest {
  private static final Path WORK =
      Path.of(System.getProperty("interop.workDir", "target/interop")).resolve("migrate");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private record Run(int exit, String out, String err) {}

  private static Run migrate(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Isthmus.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "migrate";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = cl.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Path copy(String resource) throws Exception {
    Files.createDirectories(WORK);
    Path file = WORK.resolve(resource);
    try (var in = MigrateTest.class.getResourceAsStream("/migrate/" + resource)) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  @Test
  void draftsAConfigThatLoadsAndRoutesACallWithTheKamailioFlags() throws Exception {
    Path cfg = copy("kamailio.cfg");
    copy("dispatcher.list");
    Path conf = copy("rtpengine.conf");
    Path draft = WORK.resolve("isthmus.yaml");

    Run run = migrate(cfg.toString(), conf.toString(), "--output", draft.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> notMapped = run.err().lines().filter(l -> l.startsWith("not mapped: ")).toList();
    assertThat(notMapped)
        .as(run.err())
        .anySatisfy(l -> assertThat(l).contains("kamailio.cfg:34: tm fr_timer 5000"))
        .anySatisfy(l -> assertThat(l).contains("kamailio.cfg:35: tm fr_inv_timer 120000"))
        .anySatisfy(
            l -> assertThat(l).contains("kamailio.cfg:47: modparam(dispatcher, ds_ping_from)"))
        .anySatisfy(l -> assertThat(l).contains("kamailio.cfg:53: rtpengine_disable_tout 20"))
        .anySatisfy(l -> assertThat(l).contains("loadmodule pike"))
        .anySatisfy(l -> assertThat(l).contains("loadmodule htable"))
        .anySatisfy(l -> assertThat(l).contains("rtpengine.conf:2: table = 0"))
        .anySatisfy(l -> assertThat(l).contains("rtpengine.conf:10: tos = 184"))
        .anySatisfy(l -> assertThat(l).contains("rtpengine.conf:11: log-level = 6"));
    assertThat(run.err())
        .contains("check: kamailio.cfg:40: list_file /etc/kamailio/dispatcher.list")
        .contains("check: kamailio.cfg:14: networks.public.sources: 127.0.1.0/24");

    // The draft is a valid config, with what the Kamailio and rtpengine files said.
    Files.writeString(
        draft,
        Files.readString(draft) + "\nadmin:\n  listen: 127.0.0.1:26380\n",
        StandardCharsets.UTF_8);
    IsthmusConfig config =
        switch (ConfigLoader.load(draft)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i ->
              throw new AssertionError(i.errors() + "\n" + Files.readString(draft));
        };
    assertThat(config.networks()).hasSize(2);
    assertThat(config.network("public").orElseThrow().gatewaySet()).isEqualTo(1);
    assertThat(config.network("private").orElseThrow().gatewaySet()).isEqualTo(2);
    assertThat(config.network("public").orElseThrow().media().name()).isEqualTo("public");
    assertThat(config.network("public").orElseThrow().media().local())
        .isEqualTo(InetAddress.ofLiteral("127.0.1.1"));
    assertThat(config.dispatcher().probing().interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.dispatcher().probing().failureThreshold()).isEqualTo(2);
    assertThat(config.relay().listenNg()).isEqualTo(new InetSocketAddress("127.0.0.1", 26322));
    assertThat(config.relay().portMin()).isEqualTo(26400);
    assertThat(config.relay().ngTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.relay().defaultFlags())
        .containsExactly(
            "trust-address",
            "replace-origin",
            "replace-session-connection",
            "ICE=remove",
            "codec-strip=all",
            "codec-offer=PCMU",
            "rtcp-mux-demux");
    assertThat(config.hep().collector()).isEqualTo(new InetSocketAddress("127.0.0.1", 26390));

    // Started from the draft, Isthmus routes a call from the public side to set 2, with the
    // flags applied: codec-strip=all codec-offer=PCMU leaves the gateway PCMU only.
    try (TestUserAgent gw21 = TestUserAgent.bind("gw21", "127.0.2.11", 26362);
        TestUserAgent gw22 = TestUserAgent.bind("gw22", "127.0.2.12", 26362);
        TestUserAgent gw1 = TestUserAgent.bind("gw1", "127.0.1.11", 26362);
        TestUserAgent caller = TestUserAgent.bind("caller", "127.0.1.100", 0);
        Product product = Product.start(config, Product.Roles.PROXY_AND_RELAY)) {
      String answer = sdp("127.0.2.11", 26500);
      gw21.script(TestUserAgent.Script.answer(answer));
      gw22.script(TestUserAgent.Script.answer(answer.replace("127.0.2.11", "127.0.2.12")));
      String callId = "migrate-" + System.nanoTime();
      caller.send(
          invite(
              caller,
              callId,
              sdp("127.0.1.100", 26510)
                  .replace("RTP/AVP 0", "RTP/AVP 8 0")
                  .replace("a=rtpmap:0", "a=rtpmap:8 PCMA/8000\r\na=rtpmap:0")),
          new InetSocketAddress(InetAddress.ofLiteral("127.0.1.1"), 26360));
      SipResponse ok = caller.awaitResponse(callId, "INVITE", 200, WAIT);
      assertThat(ok).as(() -> "200 to the INVITE: " + caller.received()).isNotNull();
      SipRequest atGateway =
          gw21.awaitRequest(callId, "INVITE", Duration.ZERO) != null
              ? gw21.awaitRequest(callId, "INVITE", WAIT)
              : gw22.awaitRequest(callId, "INVITE", WAIT);
      String offered = new String(atGateway.bodyBytes(), StandardCharsets.UTF_8);
      assertThat(offered).contains("m=audio ").contains(" RTP/AVP 0\r\n").doesNotContain("PCMA");
      assertThat(new String(ok.bodyBytes(), StandardCharsets.UTF_8)).contains("c=IN IP4 127.0.1.1");
      SipRequest bye = caller.inDialog("BYE", ok, 2, null);
      SipRequest ack = caller.inDialog("ACK", ok, 1, null);
      caller.send(ack, TestUserAgent.nextHop(ack));
      caller.send(bye, TestUserAgent.nextHop(bye));
      assertThat(caller.awaitResponse(callId, "BYE", 200, WAIT)).isNotNull();
      assertThat(gw1.count("INVITE")).isZero();
      assertThat(product.dispatcher().status()).hasSize(3);
    }
  }

  @Test
  void withoutAnRtpengineConfTheProxyKeepsDrivingTheRtpenginesOverNg() throws Exception {
    Path cfg = copy("kamailio.cfg");
    copy("dispatcher.list");
    Run run = migrate(cfg.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("  control: ng")
        .contains("  nodes: [{address: 127.0.0.1:26322, weight: 1}]")
        .contains("  ng-retries: 2");
    // the networks are named after direction=, in the order they appear, and say so
    assertThat(run.err()).contains("check: kamailio.cfg:14: network public");
    Path draft = WORK.resolve("isthmus-ng.yaml");
    Files.writeString(draft, run.out());
    assertThat(ConfigLoader.load(draft)).isInstanceOf(ConfigResult.Valid.class);
  }

  @Test
  void aConfigWithoutListenLinesIsRefused() throws Exception {
    Files.createDirectories(WORK);
    Path empty = WORK.resolve("empty.cfg");
    Files.writeString(empty, "#!KAMAILIO\nloadmodule \"tm.so\"\n");
    Run run = migrate(empty.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("no listen=udp:ADDRESS[:PORT] or tcp: line");
  }

  private static String sdp(String ip, int port) {
    return "v=0\r\no=- 1 1 IN IP4 "
        + ip
        + "\r\ns=-\r\nc=IN IP4 "
        + ip
        + "\r\nt=0 0\r\nm=audio "
        + port
        + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
  }

  private static String invite(TestUserAgent ua, String callId, String sdp) {
    return "INVITE sip:gateway@127.0.1.1:26360 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP "
        + ua.hostPort()
        + ";branch=z9hG4bK-"
        + Math.abs(callId.hashCode())
        + "\r\nMax-Forwards: 70\r\nFrom: <sip:alice@127.0.1.100>;tag=a1\r\n"
        + "To: <sip:gateway@127.0.1.1>\r\nCall-ID: "
        + callId
        + "\r\nCSeq: 1 INVITE\r\nContact: <sip:alice@"
        + ua.hostPort()
        + ">\r\nContent-Type: application/sdp\r\nContent-Length: "
        + sdp.length()
        + "\r\n\r\n"
        + sdp;
  }
}
