package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.wiring.Product;
import io.isthmus.interop.Interop;
import io.isthmus.proxy.flood.FloodGuard;
import io.isthmus.testkit.ExternalProcess;
import io.isthmus.testkit.TestUserAgent;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A flood at the public side while a legitimate caller calls: sipp from 127.0.1.66 sends an OPTIONS
 * and an INVITE per scenario at 1,100 scenarios/s (2,200 requests/s) for 10 s, svmap (sipvicious)
 * scans from 127.0.1.77, and a caller on 127.0.1.100 places 20 calls/s through the proxy to the
 * gateways (TimedCaller: INVITE, 200, ACK, BYE, each call timed from INVITE to 200). Every
 * legitimate call succeeds with p95 setup under 50 ms; both flooders are blocked; what they sent is
 * counted exactly in the JSON API and /metrics; the heap's live set after a full GC stays within a
 * bound of what it was before. Figures go to target/interop/proxy/flood/figures.txt.
 */
class FloodInteropTest {
  private static final int ADMIN_PORT = 27581;
  private static final int FLOOD_RATE = 1_100; // scenarios/s, two requests each: 2,200 requests/s
  private static final int FLOOD_SCENARIOS = 11_000; // 10 s
  private static final int RATE = 100; // the public network's per-source limit
  private static final int BURST = 200;
  private static final long CALL_PERIOD_MS = 50; // 20 calls/s
  private static final long P95_LIMIT_NANOS = Duration.ofMillis(50).toNanos();
  private static final long HEAP_GROWTH_LIMIT = 32L << 20;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String GW_SDP =
      "v=0\no=gw 1 1 IN IP4 127.0.2.11\ns=-\nc=IN IP4 127.0.2.11\nt=0 0\nm=audio 27372 RTP/AVP"
          + " 0\n";

  private final List<AutoCloseable> open = new ArrayList<>();
  private Product product;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    if (product != null) {
      product.close();
    }
  }

  private static String config() {
    return """
        networks:
          public:
            sip: [{address: 127.0.1.1, port: %1$d, transports: [udp]}]
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
            limits:
              rate: %2$d
              burst: %3$d
              block-time: 120s
              action: drop
              refuse-scanners: true
          private:
            sip: [{address: 127.0.2.1, port: %1$d, transports: [udp]}]
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
        dispatcher:
          sets:
            1: [sip:127.0.1.11:%4$d]
            2: [sip:127.0.2.11:%4$d, sip:127.0.2.12:%4$d]
          probing:
            interval: 5s
        relay:
          control: in-process
          listen-ng: 127.0.0.1:%5$d
          port-min: %6$d
          port-max: %7$d
          delete-delay: 0s
        admin:
          listen: 127.0.0.1:%8$d
        logging:
          level: warn
        """
        .formatted(
            ProxyInterop.PROXY_SIP,
            RATE,
            BURST,
            ProxyInterop.GATEWAY_SIP,
            ProxyInterop.ISTHMUS_NG,
            ProxyInterop.ISTHMUS_PORT_MIN,
            ProxyInterop.ISTHMUS_PORT_MAX,
            ADMIN_PORT);
  }

  /** The heap's live set: used heap after a full collection (twice, so finalised objects go). */
  private static long liveHeap() {
    var memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static String get(HttpClient http, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ADMIN_PORT + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static long metric(String metrics, String line) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(line) + " ([0-9.E+]+)$").matcher(metrics);
    if (!m.find()) {
      throw new AssertionError("no metric " + line);
    }
    return (long) Double.parseDouble(m.group(1));
  }

  @Test
  void legitimateCallsGetThroughAFloodAndAScanThatAreBlockedAndCounted() throws Exception {
    ExternalProcess.requireBinary(Sipp.BINARY, "sip-tester");
    Path svmap = Path.of("/usr/bin/svmap");
    ExternalProcess.requireBinary(svmap, "sipvicious");
    Path dir = ProxyInterop.freshDir("flood");
    Path file = dir.resolve("isthmus.yaml");
    Files.writeString(file, config());
    var config =
        switch (ConfigLoader.load(file)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
        };
    for (String gw : List.of("127.0.2.11", "127.0.2.12")) {
      TestUserAgent ua = TestUserAgent.bind("gw", gw, ProxyInterop.GATEWAY_SIP);
      ua.script(TestUserAgent.Script.answer(GW_SDP));
      open.add(ua);
    }
    product = Product.start(config, Product.Roles.PROXY_AND_RELAY, file);
    Poll.untilTrue(
        WAIT,
        () -> "a 200 to the gateway probes",
        () ->
            product.dispatcher().status().stream()
                .filter(s -> s.gateway().setId() == 2)
                .allMatch(s -> s.lastProbeStatus() == 200));
    HttpClient http = HttpClient.newHttpClient();
    open.add(http);
    FloodGuard guard = product.proxy().security().flood();
    long droppedBefore =
        metric(get(http, "/metrics"), "isthmus_sip_dropped_total{cause=\"flood\"}");

    // a few calls first: the code paths warm, the heap's baseline includes what calls leave
    TimedCaller warm =
        new TimedCaller(
            "warm",
            Interop.PUBLIC_PARTY,
            ProxyInterop.CALLER_SIP,
            new InetSocketAddress(
                InetAddress.getByName(Interop.PUBLIC_IF), ProxyInterop.PROXY_SIP));
    open.add(warm);
    warm.start(CALL_PERIOD_MS, 1_000);
    Poll.untilTrue(WAIT, () -> "40 warm-up calls", () -> warm.calls().size() >= 40);
    warm.stop();
    Poll.untilTrue(
        WAIT, () -> "warm-up calls done", () -> warm.calls().stream().allMatch(c -> c.done()));
    warm.close();
    open.remove(warm);
    Poll.untilTrue(WAIT, () -> "no call left", () -> product.proxy().calls().isEmpty());
    long heapBefore = liveHeap();

    TimedCaller caller =
        new TimedCaller(
            "legit",
            Interop.PUBLIC_PARTY,
            ProxyInterop.CALLER_SIP,
            new InetSocketAddress(
                InetAddress.getByName(Interop.PUBLIC_IF), ProxyInterop.PROXY_SIP));
    open.add(caller);
    caller.start(CALL_PERIOD_MS, 1_000);
    long floodStart = System.nanoTime();
    Sipp flooder =
        Sipp.flooder(
            dir,
            "flooder",
            "proxy/flood.xml",
            "127.0.1.66",
            Interop.PUBLIC_IF,
            ProxyInterop.PROXY_SIP,
            FLOOD_SCENARIOS,
            FLOOD_RATE);
    open.add(flooder);
    Path home = Files.createDirectories(dir.resolve("svmap-home"));
    ProcessBuilder pb =
        new ProcessBuilder(
                svmap.toString(),
                "-b",
                "127.0.1.77",
                "-p",
                Integer.toString(ProxyInterop.PROXY_SIP),
                "-t",
                "0.5",
                Interop.PUBLIC_IF)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("svmap.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("HOME", home.toString());
    Process scan = pb.start();
    try {
      assertThat(flooder.waitFor(Duration.ofSeconds(60))).as(flooder::diagnosis).isZero();
      assertThat(scan.waitFor(60, TimeUnit.SECONDS)).as("svmap ended").isTrue();
    } finally {
      scan.destroyForcibly();
    }
    double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
    caller.stop();
    Poll.untilTrue(
        WAIT,
        () -> "every legitimate call answered",
        () -> caller.calls().stream().allMatch(TimedCaller.Call::done));

    // the flood's figures
    SippStats sent = flooder.stats().orElseThrow();
    long floodRequests = 2 * sent.successful();
    double floodRate = floodRequests / floodSeconds;
    List<FloodGuard.Blocked> blocked = guard.blocked();
    FloodGuard.Blocked flood =
        blocked.stream().filter(b -> b.address().equals("127.0.1.66")).findFirst().orElseThrow();
    FloodGuard.Blocked scanner =
        blocked.stream().filter(b -> b.address().equals("127.0.1.77")).findFirst().orElseThrow();
    long passed = flood.requests() - flood.refused();

    // the legitimate calls
    List<TimedCaller.Call> calls = caller.calls();
    List<Long> setup = calls.stream().map(TimedCaller.Call::waitNanos).sorted().toList();
    long p95 = setup.get(Math.min(setup.size() - 1, (int) Math.ceil(setup.size() * 0.95) - 1));
    long max = setup.getLast();

    // memory: no legitimate call left; of the flood, at most the INVITEs that passed before the
    // block (answered by the gateways, never acknowledged by sipp) and the blocked sources
    Poll.untilTrue(
        WAIT,
        () -> "no legitimate call left",
        () -> product.proxy().calls().stream().noneMatch(c -> c.callId().startsWith("legit")));
    long heapAfter = liveHeap();
    long floodCalls = product.proxy().calls().size();

    String metrics = get(http, "/metrics");
    String api = get(http, "/api/security");
    long droppedFlood =
        metric(metrics, "isthmus_sip_dropped_total{cause=\"flood\"}") - droppedBefore;
    String figures =
        String.format(
            Locale.ROOT,
            "flood: %d requests in %.1f s = %.0f requests/s from 127.0.1.66 (sipp), seen %d,"
                + " passed %d before the block, refused %d; svmap from 127.0.1.77: seen %d,"
                + " refused %d (%s)%n"
                + "legitimate: %d calls at 20/s, %d answered 200, setup p95 %.1f ms, max %.1f ms%n"
                + "heap live set: before %.1f MiB, after %.1f MiB (%+.1f MiB)%n"
                + "metrics: isthmus_sip_dropped_total{cause=flood} +%d, isthmus_flood_events_total"
                + "{event=blocked} %d, scanner %d%n",
            floodRequests,
            floodSeconds,
            floodRate,
            flood.requests(),
            passed,
            flood.refused(),
            scanner.requests(),
            scanner.refused(),
            scanner.why(),
            calls.size(),
            calls.stream().filter(c -> c.status == 200).count(),
            p95 / 1e6,
            max / 1e6,
            heapBefore / 1048576.0,
            heapAfter / 1048576.0,
            (heapAfter - heapBefore) / 1048576.0,
            droppedFlood,
            metric(metrics, "isthmus_flood_events_total{event=\"blocked\"}"),
            metric(metrics, "isthmus_flood_events_total{event=\"scanner\"}"));
    Files.writeString(dir.resolve("figures.txt"), figures);
    System.out.print(figures);

    assertThat(floodRate).as(figures).isGreaterThanOrEqualTo(2_000);
    assertThat(calls).as(figures).hasSizeGreaterThanOrEqualTo(150);
    assertThat(calls).as(figures).allSatisfy(c -> assertThat(c.status).isEqualTo(200));
    assertThat(p95).as(figures).isLessThan(P95_LIMIT_NANOS);

    assertThat(blocked)
        .extracting(FloodGuard.Blocked::address)
        .containsExactlyInAnyOrder("127.0.1.66", "127.0.1.77");
    assertThat(flood.why()).startsWith("rate over");
    assertThat(scanner.why()).startsWith("scanner User-Agent");
    // the flooder's requests beyond its burst and rate were all refused; none came from sipp late
    assertThat(flood.requests()).as(figures).isLessThanOrEqualTo(floodRequests);
    assertThat(flood.requests())
        .as("kernel drops on loopback: " + figures)
        .isGreaterThanOrEqualTo(floodRequests * 9 / 10);
    assertThat(passed).as(figures).isBetween((long) BURST - 1, (long) BURST + RATE);
    // exact: every refusal is in the totals, the API and /metrics alike
    long refusedTotal = guard.totals().refused();
    assertThat(refusedTotal).isEqualTo(flood.refused() + scanner.refused());
    assertThat(droppedFlood).isEqualTo(refusedTotal);
    assertThat(api)
        .contains("\"address\":\"127.0.1.66\"")
        .contains("\"refused\":" + flood.refused())
        .contains("\"requests\":" + flood.requests())
        .contains("\"refused\":" + refusedTotal);
    assertThat(guard.trackedSources()).as("sources in the table").isEqualTo(3);
    assertThat(heapAfter - heapBefore).as(figures).isLessThan(HEAP_GROWTH_LIMIT);
    assertThat(floodCalls)
        .as("calls of the flood's passed INVITEs")
        .isLessThanOrEqualTo(passed / 2 + 1);
    assertThat((long) product.relay().callCount()).isLessThanOrEqualTo(floodCalls);
  }
}
