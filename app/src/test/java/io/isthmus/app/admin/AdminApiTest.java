package io.isthmus.app.admin;

import static io.isthmus.app.admin.AdminFixture.WAIT;
import static io.isthmus.app.admin.AdminFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.RtpEndpoint;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** The admin API over real HTTP against the product, with real calls and RTP through it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
  private static final InetSocketAddress PROXY_PUBLIC = new InetSocketAddress("127.0.1.1", 26160);
  private static final AtomicInteger CALLS = new AtomicInteger();

  private TestUserAgent caller;
  private TestUserAgent gw11;
  private TestUserAgent gw12;
  private RtpEndpoint callerRtp;
  private RtpEndpoint gw11Rtp;
  private RtpEndpoint gw12Rtp;
  private AdminFixture f;

  @BeforeAll
  void start() throws Exception {
    caller = TestUserAgent.bind("caller", "127.0.1.100", 26171);
    gw11 = TestUserAgent.bind("gw11", "127.0.2.11", AdminFixture.GW_PORT);
    gw12 = TestUserAgent.bind("gw12", "127.0.2.12", AdminFixture.GW_PORT);
    callerRtp = RtpEndpoint.bind("127.0.1.100", 0);
    gw11Rtp = RtpEndpoint.bind("127.0.2.11", 0);
    gw12Rtp = RtpEndpoint.bind("127.0.2.12", 0);
    gw11.script(TestUserAgent.Script.answer(AdminFixture.sdp("127.0.2.11", gw11Rtp.port())));
    gw12.script(TestUserAgent.Script.answer(AdminFixture.sdp("127.0.2.12", gw12Rtp.port())));
    f = new AdminFixture();
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c :
        new AutoCloseable[] {f, caller, gw11, gw12, callerRtp, gw11Rtp, gw12Rtp}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** A placed call: its Call-ID, the 200 the caller got, and the gateway that answered. */
  record Placed(String callId, SipResponse ok, TestUserAgent gateway, SipRequest atGateway) {}

  private Placed placeCall() {
    return placeCall("admin-" + CALLS.incrementAndGet() + "@test");
  }

  private Placed placeCall(String callId) {
    caller.send(
        "INVITE sip:bob@127.0.1.1:26160 SIP/2.0\n"
            + "Via: SIP/2.0/UDP 127.0.1.100:26171;branch=z9hG4bK-"
            + callId.replace('@', '-')
            + ";rport\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:alice@127.0.1.100:26171>;tag=alice-"
            + callId.hashCode()
            + "\n"
            + "To: <sip:bob@127.0.1.1:26160>\n"
            + "Call-ID: "
            + callId
            + "\n"
            + "CSeq: 1 INVITE\n"
            + "Contact: <sip:alice@127.0.1.100:26171>\n"
            + "Content-Type: application/sdp\nContent-Length: ?\n\n"
            + AdminFixture.sdp("127.0.1.100", callerRtp.port()),
        PROXY_PUBLIC);
    SipResponse ok = caller.awaitResponse(callId, "INVITE", 200, WAIT);
    assertThat(ok).as("200 for " + callId).isNotNull();
    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    caller.send(ack, TestUserAgent.nextHop(ack));
    SipRequest at11 = gw11.awaitRequest(callId, "INVITE", java.time.Duration.ZERO);
    TestUserAgent gw = at11 != null ? gw11 : gw12;
    SipRequest at = at11 != null ? at11 : gw12.awaitRequest(callId, "INVITE", WAIT);
    return new Placed(callId, ok, gw, at);
  }

  private static InetSocketAddress mediaOf(byte[] body) {
    String sdp = new String(body, StandardCharsets.UTF_8);
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

  private void sendRtpBothWays(Placed call, int packets) {
    RtpEndpoint gwRtp = call.gateway() == gw11 ? gw11Rtp : gw12Rtp;
    InetSocketAddress relayForCaller = mediaOf(call.ok().bodyBytes());
    InetSocketAddress relayForGw = mediaOf(call.atGateway().bodyBytes());
    int callerBefore = callerRtp.count();
    int gwBefore = gwRtp.count();
    for (int seq = 1; seq <= packets; seq++) {
      callerRtp.send(RtpEndpoint.rtp(0, seq, seq * 160L, 0xA1, 160, 0x11), relayForCaller);
      gwRtp.send(RtpEndpoint.rtp(0, seq, seq * 160L, 0xB2, 160, 0x22), relayForGw);
    }
    assertThat(gwRtp.awaitCount(gwBefore + packets, WAIT)).isTrue();
    assertThat(callerRtp.awaitCount(callerBefore + packets, WAIT)).isTrue();
  }

  private void hangUp(Placed call) {
    SipRequest bye = caller.inDialog("BYE", call.ok(), 2, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    assertThat(caller.awaitResponse(call.callId(), "BYE", 200, WAIT)).isNotNull();
  }

  /**
   * What a counter of the metrics text gained from {@code before} to {@code after}; a series not
   * yet exported (no such event so far, e.g. the first 200 sent) counts as 0 before.
   */
  private static double delta(String before, String after, String series) {
    double b = sample(after, series);
    assertThat(b).as("%s present", series).isNotNegative();
    return b - Math.max(0, sample(before, series));
  }

  /** The first /metrics text that satisfies {@code ready}, polled until the deadline. */
  private String awaitMetrics(java.util.function.Predicate<String> ready) {
    String[] seen = {null};
    assertThat(
            eventually(
                () -> {
                  try {
                    seen[0] = f.get("/metrics").body();
                    return ready.test(seen[0]);
                  } catch (Exception e) {
                    return false;
                  }
                }))
        .as("metrics reached the expected state: %s", seen[0] == null ? "" : "see below")
        .isTrue();
    return seen[0];
  }

  /** What the number at {@code path} of /api/stats gained from {@code before} to {@code after}. */
  private static long delta(JsonNode before, JsonNode after, String... path) {
    JsonNode a = before;
    JsonNode b = after;
    for (String p : path) {
      a = a.get(p);
      b = b.get(p);
    }
    return b.longValue() - a.longValue();
  }

  /**
   * Keepalive OPTIONS the two gateways received (and answered 200): the proxy counts those 200s
   * with the calls' ones, so an exact count of received 200s takes the probes into account.
   */
  private long probesAnswered() {
    return gw11.count("OPTIONS") + gw12.count("OPTIONS");
  }

  /**
   * Waits until the shared product holds no call and no relay session, so that the gauges a test
   * reads are its own call's. Earlier tests' hang-ups and deletions finish on the loops.
   */
  private void awaitIdle() {
    assertThat(
            eventually(
                () -> {
                  try {
                    String m = f.get("/metrics").body();
                    return sample(m, "isthmus_calls_active{state=\"answered\"}") == 0
                        && sample(m, "isthmus_calls_active{state=\"setting-up\"}") == 0
                        && sample(m, "isthmus_media_sessions") == 0;
                  } catch (Exception e) {
                    return false;
                  }
                }))
        .as("no call left by an earlier test")
        .isTrue();
  }

  /** The value of one sample line of the text format, or -1. */
  private static double sample(String metrics, String series) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return -1;
  }

  /**
   * packaging/grafana-isthmus.json: every metric its queries name is in /metrics, with every label
   * a query filters, groups or names in a legend by, and every label value it matches exactly.
   * {@code job} is Prometheus' own label.
   */
  @Test
  void everyMetricTheGrafanaDashboardQueriesExistsWithItsLabels() throws Exception {
    Placed call = placeCall(); // NG commands and media counters have samples once a call ran
    sendRtpBothWays(call, 2);
    Map<String, Map<String, Set<String>>> exposed = new HashMap<>();
    for (String line : f.get("/metrics").body().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.lookingAt()) {
        continue;
      }
      Map<String, Set<String>> labels = exposed.computeIfAbsent(m.group(1), k -> new HashMap<>());
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.computeIfAbsent(l.group(1), k -> new HashSet<>()).add(l.group(2));
        }
      }
    }
    JsonNode dashboard =
        f.parse(Files.readString(Path.of("..", "packaging", "grafana-isthmus.json")));
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        queries.add(
            target.get("expr").stringValue() + " " + target.path("legendFormat").asString(""));
      }
    }
    assertThat(queries).hasSizeGreaterThan(15);
    for (String q : queries) {
      Set<String> metrics = new HashSet<>();
      Matcher name = METRIC.matcher(q);
      while (name.find()) {
        metrics.add(name.group());
      }
      assertThat(metrics).as(q).isNotEmpty();
      Map<String, String> exact = new HashMap<>();
      Set<String> labels = new HashSet<>();
      Matcher matcher = MATCHER.matcher(q);
      while (matcher.find()) {
        labels.add(matcher.group(1));
        if (matcher.group(2).equals("=")) {
          exact.put(matcher.group(1), matcher.group(3));
        }
      }
      Matcher by = BY.matcher(q);
      while (by.find()) {
        for (String l : by.group(1).split(",")) {
          labels.add(l.strip());
        }
      }
      Matcher legend = LEGEND.matcher(q);
      while (legend.find()) {
        labels.add(legend.group(1));
      }
      labels.remove("job");
      exact.remove("job");
      for (String metric : metrics) {
        assertThat(exposed).as(q).containsKey(metric);
        assertThat(exposed.get(metric).keySet()).as(metric + " in " + q).containsAll(labels);
        exact.forEach(
            (label, value) ->
                assertThat(exposed.get(metric).get(label))
                    .as(metric + " " + label)
                    .contains(value));
      }
    }
    f.send("DELETE", "/api/calls/" + call.callId(), null);
  }

  private static final Pattern SAMPLE = Pattern.compile("(isthmus_[a-z_]+)(?:\\{([^}]*)})? ");
  private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
  private static final Pattern METRIC = Pattern.compile("isthmus_[a-z_]+");
  private static final Pattern MATCHER = Pattern.compile("([a-z_]+)\\s*(=~|!=|=)\\s*\"([^\"]*)\"");
  private static final Pattern BY = Pattern.compile("by \\(([^)]*)\\)");
  private static final Pattern LEGEND = Pattern.compile("\\{\\{([a-z_]+)}}");

  @Test
  void theUrlPrintedAtStartOpensTheStatusPageAndJsonClientsGetTheIndex() throws Exception {
    String root = f.base;
    HttpResponse<String> browser =
        f.http.send(
            HttpRequest.newBuilder(URI.create(root))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(browser.statusCode()).isEqualTo(303);
    assertThat(browser.headers().firstValue("Location")).hasValue("/status/");

    HttpResponse<String> page =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(root)).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Isthmus status</title>");

    HttpResponse<String> api =
        f.http.send(
            HttpRequest.newBuilder(URI.create(root)).header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(f.parse(api.body()).get("endpoints").get(0).stringValue()).isEqualTo("GET /health");
  }

  @Test
  void healthIsReadyWhenEverySocketIsBound() throws Exception {
    AdminFixture.Reply r = f.get("/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(f.parse(r.body()).get("status").stringValue()).isEqualTo("ready");
    assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void aCallWithMediaShowsInMetricsAndInTheCallListThenEndsThroughTheApi() throws Exception {
    awaitIdle();
    long probesBefore = probesAnswered();
    String before = f.get("/metrics").body();
    Placed call = placeCall();
    sendRtpBothWays(call, 5);

    JsonNode calls = f.getJson("/api/calls");
    JsonNode mine = null;
    for (JsonNode c : calls.get("calls")) {
      if (c.get("callId").stringValue().equals(call.callId())) {
        mine = c;
      }
    }
    assertThat(mine).as(calls.toString()).isNotNull();
    assertThat(mine.get("state").stringValue()).isEqualTo("answered");
    assertThat(mine.get("caller").get("network").stringValue()).isEqualTo("public");
    assertThat(mine.get("callee").get("network").stringValue()).isEqualTo("private");
    assertThat(mine.get("callee").get("gateway").stringValue())
        .isEqualTo("sip:" + call.gateway().hostPort());
    long packets = 0;
    for (JsonNode party : mine.get("media").get("parties")) {
      for (JsonNode s : party.get("streams")) {
        packets += s.get("rtp").get("packets").longValue();
      }
    }
    assertThat(packets).isEqualTo(10);

    // The media figures come from a snapshot that may be a moment old: wait for one that has seen
    // the packets, then check the counts exactly.
    String metrics =
        awaitMetrics(
            m ->
                delta(before, m, "isthmus_media_packets_total{kind=\"relayed\"}") >= 10
                    && sample(m, "isthmus_media_sessions") == 1);
    long probesAfter = probesAnswered();
    assertThat(delta(before, metrics, "isthmus_sip_requests_total{method=\"INVITE\"}"))
        .isEqualTo(1);
    // the gateway's 200 to the INVITE, plus the 200s to any keepalive a probe round sent meanwhile
    assertThat(
            delta(
                before,
                metrics,
                "isthmus_sip_responses_total{code=\"200\",direction=\"received\"}"))
        .isEqualTo(1 + probesAfter - probesBefore);
    assertThat(
            delta(before, metrics, "isthmus_sip_responses_total{code=\"200\",direction=\"sent\"}"))
        .isEqualTo(1);
    assertThat(delta(before, metrics, "isthmus_calls_total")).isEqualTo(1);
    assertThat(sample(metrics, "isthmus_calls_active{state=\"answered\"}")).isEqualTo(1);
    assertThat(sample(metrics, "isthmus_calls_active{state=\"setting-up\"}")).isZero();
    assertThat(delta(before, metrics, "isthmus_ng_commands_total{command=\"offer\",result=\"ok\"}"))
        .isEqualTo(1);
    assertThat(delta(before, metrics, "isthmus_ng_command_seconds_count{command=\"answer\"}"))
        .isEqualTo(1);
    assertThat(delta(before, metrics, "isthmus_media_packets_total{kind=\"relayed\"}"))
        .isEqualTo(10);
    // 10 RTP packets of 12 header + 160 payload bytes
    assertThat(delta(before, metrics, "isthmus_media_bytes_total")).isEqualTo(10 * 172);
    assertThat(sample(metrics, "isthmus_media_sessions")).isEqualTo(1);
    // one audio stream: an RTP and an RTCP port on each of the two interfaces
    assertThat(sample(metrics, "isthmus_media_ports_in_use")).isEqualTo(4);
    assertThat(
            sample(
                metrics,
                "isthmus_gateway_state{set=\"2\",state=\"active\",uri=\"sip:127.0.2.11:26170\"}"))
        .isEqualTo(1);
    assertThat(metrics).contains("isthmus_sip_transactions_total{kind=\"invite-server\"}");
    assertThat(metrics).contains("isthmus_rtcp_fraction_lost{stat=\"max\"}");
    assertThat(metrics).contains("jvm_memory_used_bytes");

    AdminFixture.Reply deleted =
        f.send("DELETE", "/api/calls/" + call.callId().replace("@", "%40"), null);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    JsonNode d = f.parse(deleted.body());
    assertThat(d.get("proxy").stringValue()).isEqualTo("bye-sent");
    assertThat(d.get("media").stringValue()).isEqualTo("deleted");
    assertThat(eventually(() -> !f.product.relay().relay().callIds().contains(call.callId())))
        .isTrue();
    JsonNode after = f.getJson("/api/calls");
    for (JsonNode c : after.get("calls")) {
      assertThat(c.get("callId").stringValue()).isNotEqualTo(call.callId());
    }
    // the totals keep what the ended call relayed
    String later = awaitMetrics(m -> sample(m, "isthmus_media_sessions") == 0);
    assertThat(delta(metrics, later, "isthmus_media_packets_total{kind=\"relayed\"}")).isZero();
    assertThat(sample(later, "isthmus_media_sessions")).isZero();
    assertThat(sample(later, "isthmus_media_ports_in_use")).isZero();
    assertThat(f.send("DELETE", "/api/calls/" + call.callId().replace("@", "%40"), null).status())
        .isEqualTo(404);
  }

  @Test
  void statsCountCallsSipAndMedia() throws Exception {
    awaitIdle();
    JsonNode before = f.getJson("/api/stats");
    Placed call = placeCall();
    sendRtpBothWays(call, 3);
    // the media totals are a snapshot that may be a moment old: wait for one with the packets
    JsonNode[] seen = {null};
    assertThat(
            eventually(
                () -> {
                  try {
                    seen[0] = f.getJson("/api/stats");
                    return delta(before, seen[0], "media", "packetsRelayed") >= 6;
                  } catch (Exception e) {
                    return false;
                  }
                }))
        .isTrue();
    JsonNode stats = seen[0];
    assertThat(delta(before, stats, "calls", "total")).isEqualTo(1);
    assertThat(stats.get("calls").get("answered").longValue()).isEqualTo(1);
    assertThat(delta(before, stats, "sip", "requests", "INVITE")).isEqualTo(1);
    assertThat(delta(before, stats, "ng", "commands")).as("offer and answer").isEqualTo(2);
    assertThat(delta(before, stats, "media", "packetsRelayed")).isEqualTo(6);
    hangUp(call);
    assertThat(
            eventually(
                () -> {
                  try {
                    return f.getJson("/api/stats").get("calls").get("answered").longValue() == 0;
                  } catch (Exception e) {
                    return false;
                  }
                }))
        .isTrue();
  }

  @Test
  void gatewaysAreListedAndADisabledGatewayIsSkipped() throws Exception {
    JsonNode sets = f.getJson("/api/gateways").get("sets");
    List<String> set2 = new ArrayList<>();
    for (JsonNode s : sets) {
      if (s.get("id").intValue() == 2) {
        s.get("gateways").forEach(g -> set2.add(g.get("uri").stringValue()));
      }
    }
    assertThat(set2).containsExactlyInAnyOrder("sip:127.0.2.11:26170", "sip:127.0.2.12:26170");

    String gw12Path = "/api/gateways/2/" + "sip%3A127.0.2.12%3A26170";
    AdminFixture.Reply put = f.send("PUT", gw12Path, "{\"state\":\"disabled\"}");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(f.parse(put.body()).get("state").stringValue()).isEqualTo("disabled");
    try {
      long before = gw12.count("INVITE");
      for (int i = 0; i < 3; i++) {
        Placed call = placeCall();
        assertThat(call.gateway()).isSameAs(gw11);
        hangUp(call);
      }
      assertThat(gw12.count("INVITE")).isEqualTo(before);
    } finally {
      assertThat(f.send("PUT", gw12Path, "{\"state\":\"active\"}").status()).isEqualTo(200);
    }
    assertThat(
            f.send("PUT", "/api/gateways/2/sip:127.0.2.99:26170", "{\"state\":\"active\"}")
                .status())
        .isEqualTo(404);
    AdminFixture.Reply bad = f.send("PUT", gw12Path, "{\"state\":\"sleepy\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(f.parse(bad.body()).get("error").stringValue()).contains("sleepy");
    assertThat(f.send("PUT", gw12Path, "not json").status()).isEqualTo(400);
  }

  @Test
  void reloadAppliesAValidFileAndRefusesAnInvalidOneKeepingTheRunningConfig() throws Exception {
    try {
      Files.writeString(
          f.file,
          AdminFixture.config(AdminFixture.TWO_GATEWAYS + ", sip:127.0.2.13:26170")
              .replace("interval: 60s", "interval: 50s")
              .replace("delete-delay: 0s", "delete-delay: 1s"));
      AdminFixture.Reply ok = f.send("POST", "/api/reload", null);
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
      JsonNode body = f.parse(ok.body());
      assertThat(body.get("applied").toString())
          .contains("dispatcher.sets")
          .contains("dispatcher.probing");
      assertThat(body.get("restartRequired").toString()).isEqualTo("[\"relay\"]");
      assertThat(f.getJson("/api/gateways").toString()).contains("sip:127.0.2.13:26170");

      Files.writeString(
          f.file,
          AdminFixture.config("sip:127.0.2.14:26170").replace("port: 26160", "port: 99999"));
      AdminFixture.Reply bad = f.send("POST", "/api/reload", null);
      assertThat(bad.status()).as(bad.body()).isEqualTo(422);
      JsonNode errors = f.parse(bad.body()).get("errors");
      // port: 26160 is replaced in both networks: one error each, with file line and key
      assertThat(errors.size()).isEqualTo(2);
      assertThat(errors.get(0).get("line").intValue()).isEqualTo(5);
      assertThat(errors.get(0).get("key").stringValue()).isEqualTo("networks.public.sip[0].port");
      assertThat(errors.get(1).get("line").intValue()).isEqualTo(13);
      assertThat(errors.get(1).get("key").stringValue()).isEqualTo("networks.private.sip[0].port");
      String gateways = f.getJson("/api/gateways").toString();
      assertThat(gateways).contains("sip:127.0.2.13:26170").doesNotContain("127.0.2.14");
    } finally {
      Files.writeString(f.file, AdminFixture.config(AdminFixture.TWO_GATEWAYS));
      assertThat(f.send("POST", "/api/reload", null).status()).isEqualTo(200);
    }
  }

  /**
   * {@code isthmus_call_setup_seconds}: one answered and one refused call (486 from both gateways,
   * not a failover status) add exactly one observation each to their outcome, none to cancelled.
   */
  @Test
  void callSetupTimesAreAHistogramByOutcome() throws Exception {
    awaitIdle();
    String before = f.get("/metrics").body();
    Placed call = placeCall();
    hangUp(call);
    gw11.script(TestUserAgent.Script.reject(486));
    gw12.script(TestUserAgent.Script.reject(486));
    try {
      String callId = "admin-setup-486@test";
      caller.send(
          "INVITE sip:bob@127.0.1.1:26160 SIP/2.0\n"
              + "Via: SIP/2.0/UDP 127.0.1.100:26171;branch=z9hG4bK-setup486;rport\n"
              + "Max-Forwards: 70\n"
              + "From: <sip:alice@127.0.1.100:26171>;tag=alice-setup486\n"
              + "To: <sip:bob@127.0.1.1:26160>\n"
              + "Call-ID: "
              + callId
              + "\n"
              + "CSeq: 1 INVITE\n"
              + "Contact: <sip:alice@127.0.1.100:26171>\n"
              + "Content-Type: application/sdp\nContent-Length: ?\n\n"
              + AdminFixture.sdp("127.0.1.100", callerRtp.port()),
          PROXY_PUBLIC);
      assertThat(caller.awaitResponse(callId, "INVITE", 486, WAIT)).isNotNull();
    } finally {
      gw11.script(TestUserAgent.Script.answer(AdminFixture.sdp("127.0.2.11", gw11Rtp.port())));
      gw12.script(TestUserAgent.Script.answer(AdminFixture.sdp("127.0.2.12", gw12Rtp.port())));
    }
    awaitIdle();
    String after = f.get("/metrics").body();
    String h = "isthmus_call_setup_seconds";
    assertThat(delta(before, after, h + "_count{outcome=\"answered\"}")).isEqualTo(1);
    assertThat(delta(before, after, h + "_bucket{outcome=\"answered\",le=\"+Inf\"}")).isEqualTo(1);
    assertThat(delta(before, after, h + "_count{outcome=\"failed\"}")).isEqualTo(1);
    assertThat(delta(before, after, h + "_count{outcome=\"cancelled\"}")).isZero();
    assertThat(delta(before, after, h + "_sum{outcome=\"answered\"}")).isPositive();
  }

  /**
   * A reload that adds a {@code dispatcher.dns} section points the running resolver at its server
   * (a dnsmasq the test starts): a name resolves to what that server says; the reload after it (no
   * dns section) goes back to the defaults.
   */
  @Test
  void reloadPointsTheResolverAtTheNewDnsServers() throws Exception {
    try (io.isthmus.testkit.DnsmasqProcess dns =
        io.isthmus.testkit.DnsmasqProcess.start(
            Path.of("target", "dnsmasq", "admin-reload"),
            26358,
            300,
            List.of("--host-record=moved.reload.test,127.0.2.41"))) {
      Files.writeString(
          f.file,
          AdminFixture.config(AdminFixture.TWO_GATEWAYS)
              .replace("  probing:\n", "  dns:\n    servers: [127.0.0.1:26358]\n  probing:\n"));
      AdminFixture.Reply ok = f.send("POST", "/api/reload", null);
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
      assertThat(f.parse(ok.body()).get("applied").toString()).contains("dispatcher.dns");
      var resolver = f.product.dispatcher().resolver();
      assertThat(resolver.settings().servers()).containsExactly(dns.address());
      var targets =
          resolver
              .resolve(io.isthmus.sip.uri.SipUri.parse("sip:moved.reload.test:5060"))
              .toCompletableFuture()
              .get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(targets).hasSize(1);
      assertThat(targets.getFirst().address()).isEqualTo(new InetSocketAddress("127.0.2.41", 5060));
    } finally {
      Files.writeString(f.file, AdminFixture.config(AdminFixture.TWO_GATEWAYS));
      AdminFixture.Reply back = f.send("POST", "/api/reload", null);
      assertThat(back.status()).isEqualTo(200);
      assertThat(f.parse(back.body()).get("applied").toString()).contains("dispatcher.dns");
    }
    assertThat(f.product.dispatcher().resolver().settings())
        .isEqualTo(io.isthmus.proxy.resolve.DnsSettings.DEFAULTS);
  }

  @Test
  void theTraceOfACallLogsItsSipMessagesAndNgCommandsWhileOn() throws Exception {
    ch.qos.logback.classic.Logger traceLog =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.isthmus.trace");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
        new ch.qos.logback.core.read.ListAppender<>();
    seen.start();
    traceLog.addAppender(seen);
    try {
      AdminFixture.Reply on = f.send("PUT", "/api/calls/traced%40test/trace", "{\"enabled\":true}");
      assertThat(on.status()).as(on.body()).isEqualTo(200);
      assertThat(f.parse(on.body()).get("traced").toString()).contains("traced@test");
      assertThat(f.product.proxy().trace().tracing("traced@test")).isTrue();

      Placed call = placeCall("traced@test");
      hangUp(call);
      Placed other = placeCall();
      hangUp(other);

      List<String> lines =
          seen.list.stream()
              .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
              .toList();
      assertThat(lines).allMatch(l -> l.startsWith("call traced@test: "));
      assertThat(lines).anyMatch(l -> l.contains("SIP in from") && l.contains("INVITE sip:bob"));
      assertThat(lines).anyMatch(l -> l.contains("SIP out to") && l.contains("SIP/2.0 200 OK"));
      assertThat(lines).anyMatch(l -> l.contains("NG offer -> "));
      assertThat(lines).anyMatch(l -> l.contains("NG delete -> "));

      AdminFixture.Reply off =
          f.send("PUT", "/api/calls/traced%40test/trace", "{\"enabled\":false}");
      assertThat(off.status()).isEqualTo(200);
      assertThat(f.product.proxy().trace().active()).isFalse();
      assertThat(f.send("PUT", "/api/calls/x/trace", "{\"enabled\":\"yes\"}").status())
          .isEqualTo(400);
    } finally {
      traceLog.detachAppender(seen);
    }
  }

  @Test
  void unknownPathsAre404AndWrongMethods405AsJson() throws Exception {
    AdminFixture.Reply missing = f.get("/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(f.parse(missing.body()).get("error").stringValue()).contains("/nope");
    assertThat(f.get("/api/nope").status()).isEqualTo(404);
    assertThat(f.get("/api/calls/a/b/c").status()).isEqualTo(404);

    AdminFixture.Reply wrong = f.send("POST", "/health", "{}");
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.raw().headers().firstValue("Allow")).hasValue("GET");
    assertThat(f.get("/api/reload").status()).isEqualTo(405);
    assertThat(f.send("DELETE", "/api/gateways", null).status()).isEqualTo(405);
    assertThat(f.send("DELETE", "/api/calls/no-such-call", null).status()).isEqualTo(404);
  }

  @Test
  void terminatingARingingCallCancelsItOnBothSides() throws Exception {
    gw11.script(TestUserAgent.Script.ringForever());
    gw12.script(TestUserAgent.Script.ringForever());
    try {
      String callId = "admin-ringing@test";
      caller.send(
          "INVITE sip:bob@127.0.1.1:26160 SIP/2.0\n"
              + "Via: SIP/2.0/UDP 127.0.1.100:26171;branch=z9hG4bK-ringing;rport\n"
              + "Max-Forwards: 70\n"
              + "From: <sip:alice@127.0.1.100:26171>;tag=alice-ringing\n"
              + "To: <sip:bob@127.0.1.1:26160>\n"
              + "Call-ID: "
              + callId
              + "\n"
              + "CSeq: 1 INVITE\n"
              + "Contact: <sip:alice@127.0.1.100:26171>\n"
              + "Content-Type: application/sdp\nContent-Length: ?\n\n"
              + AdminFixture.sdp("127.0.1.100", callerRtp.port()),
          PROXY_PUBLIC);
      assertThat(caller.awaitResponse(callId, "INVITE", 180, WAIT)).isNotNull();
      assertThat(f.getJson("/api/calls").toString()).contains("setting-up");

      AdminFixture.Reply r = f.send("DELETE", "/api/calls/admin-ringing%40test", null);

      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(f.parse(r.body()).get("proxy").stringValue()).isEqualTo("cancelled");
      assertThat(caller.awaitResponse(callId, "INVITE", 487, WAIT)).isNotNull();
      SipRequest cancel = gw11.awaitRequest(callId, "CANCEL", java.time.Duration.ZERO);
      if (cancel == null) {
        cancel = gw12.awaitRequest(callId, "CANCEL", WAIT);
      }
      assertThat(cancel).isNotNull();
      assertThat(eventually(() -> !f.product.relay().relay().callIds().contains(callId))).isTrue();
    } finally {
      gw11.script(TestUserAgent.Script.answer(AdminFixture.sdp("127.0.2.11", gw11Rtp.port())));
      gw12.script(TestUserAgent.Script.answer(AdminFixture.sdp("127.0.2.12", gw12Rtp.port())));
    }
  }

  @Test
  void sighupReloadsTheConfigFile() throws Exception {
    try {
      Files.writeString(
          f.file, AdminFixture.config(AdminFixture.TWO_GATEWAYS + ", sip:127.0.2.15:26170"));
      // The test JVM signals itself: the product's handler reloads instead of the JVM dying.
      Process kill =
          new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
              .inheritIO()
              .start();
      assertThat(kill.waitFor()).isZero();
      assertThat(
              eventually(
                  () -> {
                    try {
                      return f.getJson("/api/gateways").toString().contains("127.0.2.15");
                    } catch (Exception e) {
                      return false;
                    }
                  }))
          .isTrue();
    } finally {
      Files.writeString(f.file, AdminFixture.config(AdminFixture.TWO_GATEWAYS));
      assertThat(f.send("POST", "/api/reload", null).status()).isEqualTo(200);
    }
  }

  @Test
  void gatewaysAnsweringProbesShowTheirLatency() throws Exception {
    assertThat(
            eventually(
                () -> {
                  try {
                    String m = f.get("/metrics").body();
                    return sample(
                            m,
                            "isthmus_gateway_probe_latency_seconds{set=\"2\",uri=\"sip:127.0.2.11:26170\"}")
                        >= 0;
                  } catch (Exception e) {
                    return false;
                  }
                }))
        .isTrue();
    JsonNode sets = f.getJson("/api/gateways").get("sets");
    boolean probed = false;
    for (JsonNode s : sets) {
      for (JsonNode g : s.get("gateways")) {
        if (g.get("uri").stringValue().equals("sip:127.0.2.11:26170")) {
          probed =
              g.get("lastProbeStatus").intValue() == 200 && g.get("lastProbeLatencyMs").isNumber();
        }
      }
    }
    assertThat(probed).isTrue();
  }
}
