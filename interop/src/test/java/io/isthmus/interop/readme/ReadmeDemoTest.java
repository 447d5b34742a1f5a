package io.isthmus.interop.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.wiring.Product;
import io.isthmus.testkit.ExternalProcess;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's demo, as a new user would follow it: Isthmus started from the shipped {@code
 * config/isthmus.yaml}, the README's two sipp gateways and its sipp caller with their literal
 * options (only {@code -set seconds 14} instead of 21: two rounds of the capture, so a call that
 * stops after the first round fails), and while the call is up the things the README says to watch:
 * the admin URL leading to the status page, the call in the JSON API with media on both legs that
 * keeps flowing, the Prometheus metrics and the status page. When the README's ports (5060, 8080,
 * 22222) are taken on this host (e.g. a Debian Kamailio or rtpengine service), a copy of the config
 * with only those ports changed is used, and the sipp commands follow it.
 */
class ReadmeDemoTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path SIPP = Path.of(System.getProperty("interop.sipp", "/usr/bin/sipp"));
  private static final Path WORK =
      Path.of(System.getProperty("interop.workDir", "target/interop")).resolve("readme");
  private static final Duration CALL_WINDOW = Duration.ofSeconds(20);
  private static final Pattern BACKGROUND_PID = Pattern.compile("PID=\\[(\\d+)]");

  /** The README's ports, and what the test uses when they are taken. */
  private record Ports(int sip, int admin, int ng) {
    static final Ports README = new Ports(5060, 8080, 22222);
    static final Ports FALLBACK = new Ports(24060, 24080, 24222);
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void aCallPlacedWithTheReadmesSippCommandsShowsInTheApiMetricsAndStatusPage() throws Exception {
    ExternalProcess.requireBinary(SIPP, "sip-tester");
    Files.createDirectories(WORK);
    Ports ports = readmePortsFree() ? Ports.README : Ports.FALLBACK;
    Path config = configFor(ports);

    List<Long> sippPids = new ArrayList<>();
    ExternalProcess caller = null;
    try {
      // README: "two gateways on the private side" (they fork into the background, -bg).
      for (String gw : List.of("127.0.2.11", "127.0.2.12")) {
        sippPids.add(
            startInBackground(
                "gateway-" + gw,
                readme(
                    "sipp -sf docs/sipp/gateway.xml -i "
                        + gw
                        + " -p 5060 -mi "
                        + gw
                        + " -mp 16000 -rtp_echo -aa -bg",
                    ports)));
      }
      try (Product product = start(config)) {
        String admin = product.admin().url();
        assertThat(poll(() -> privateGatewaysAnswered(product) == 2, Duration.ofSeconds(15)))
            .as("both sipp gateways answer the probes")
            .isTrue();

        // README: "a caller on the public side: one audio+video call ... through the proxy".
        long callStart = System.nanoTime();
        caller =
            ExternalProcess.start(
                "caller",
                readme(
                    "sipp -sf docs/sipp/caller.xml -i 127.0.1.100 -p 5070 -mi 127.0.1.100"
                        + " -mp 17000 -m 1 -set seconds 14 127.0.1.1:5060",
                    ports),
                ROOT,
                WORK.resolve("caller.log"));
        ExternalProcess running = caller;
        assertThat(poll(() -> mediaOnBothLegs(admin), CALL_WINDOW))
            .as(() -> "the call with media on both legs in /api/calls\n" + running.logTail(30))
            .isTrue();

        // Continuous audio: both legs' packets keep growing for seconds, not one burst.
        long first = packetsOnLeastLeg(admin);
        assertThat(poll(() -> packetsOnLeastLeg(admin) >= first + 60, Duration.ofSeconds(5)))
            .as("packets grow on both legs while the call lasts")
            .isTrue();

        String metrics = get(admin + "metrics").body();
        assertThat(sample(metrics, "isthmus_calls_active{state=\"answered\"}"))
            .as(metrics)
            .isEqualTo(1.0);
        assertThat(sample(metrics, "isthmus_media_packets_total{kind=\"relayed\"}"))
            .as(metrics)
            .isPositive();

        HttpResponse<String> root = get(admin);
        assertThat(root.statusCode()).as("the admin URL leads to the status page").isEqualTo(303);
        assertThat(root.headers().firstValue("Location")).hasValue("/status/");
        HttpResponse<String> page = get(admin + "status/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Isthmus status</title>");

        assertThat(caller.waitFor(Duration.ofSeconds(40)))
            .as(() -> "sipp caller's exit code\n" + running.logTail(40))
            .isZero();
        // -set seconds 14: the audio is played twice (7 s each) before the BYE, never cut short
        assertThat(Duration.ofNanos(System.nanoTime() - callStart))
            .as("the call lasts the seconds -set asks for")
            .isGreaterThanOrEqualTo(Duration.ofSeconds(14));
        assertThat(successfulCalls(caller.log())).as(() -> running.logTail(40)).isEqualTo(1);
      }
    } finally {
      if (caller != null) {
        caller.close();
      }
      for (long pid : sippPids) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
      }
    }
  }

  /** A README command line as argv, with its ports moved when the README's are taken. */
  private static List<String> readme(String line, Ports ports) {
    String moved =
        line.replace(":5060", ":" + ports.sip())
            .replace("-p 5060", "-p " + ports.sip())
            .replaceFirst("^sipp ", SIPP + " ");
    return List.of(moved.split(" "));
  }

  /** Runs a {@code -bg} sipp and returns the PID of the background sipp it forked. */
  private static long startInBackground(String name, List<String> command) throws Exception {
    Path log = WORK.resolve(name + ".log");
    try (ExternalProcess launcher = ExternalProcess.start(name, command, ROOT, log)) {
      launcher.waitFor(Duration.ofSeconds(10)); // sipp -bg exits 99 once it has forked
      Matcher m = BACKGROUND_PID.matcher(Files.readString(log));
      assertThat(m.find())
          .as(() -> name + " did not go to the background\n" + launcher.logTail(20))
          .isTrue();
      return Long.parseLong(m.group(1));
    }
  }

  private static Path configFor(Ports ports) throws IOException {
    Path shipped = ROOT.resolve("config/isthmus.yaml");
    if (ports.equals(Ports.README)) {
      return shipped;
    }
    String text =
        Files.readString(shipped)
            .replace("port: 5060 ", "port: " + ports.sip() + " ")
            .replace(":5060 ", ":" + ports.sip() + " ")
            .replace("127.0.0.1:22222", "127.0.0.1:" + ports.ng())
            .replace("127.0.0.1:8080", "127.0.0.1:" + ports.admin());
    Path copy = WORK.resolve("isthmus.yaml");
    Files.writeString(copy, text);
    return copy;
  }

  private static Product start(Path config) throws Exception {
    return switch (ConfigLoader.load(config)) {
      case ConfigResult.Valid v -> Product.start(v.config(), Product.Roles.PROXY_AND_RELAY, config);
      case ConfigResult.Invalid i -> throw new AssertionError(config + ": " + i.errors());
    };
  }

  /** Whether every socket the README's demo binds is free on this host. */
  private static boolean readmePortsFree() {
    try {
      for (String ip : List.of("127.0.1.1", "127.0.2.1")) {
        bindBoth(ip, 5060);
      }
      for (String ip : List.of("127.0.2.11", "127.0.2.12")) {
        bindBoth(ip, 5060);
      }
      new DatagramSocket(new InetSocketAddress("127.0.0.1", 22222)).close();
      bindTcp("127.0.0.1", 8080);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void bindBoth(String ip, int port) throws IOException {
    new DatagramSocket(new InetSocketAddress(ip, port)).close();
    bindTcp(ip, port);
  }

  private static void bindTcp(String ip, int port) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
    }
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = get(url);
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  /** Private gateways (the sipp ones) that answered an OPTIONS probe with 200. */
  private static long privateGatewaysAnswered(Product product) {
    return product.dispatcher().status().stream()
        .filter(s -> s.gateway().uri().host().startsWith("127.0.2."))
        .filter(s -> s.lastProbeStatus() == 200)
        .count();
  }

  /** One answered call whose two parties both sent RTP the relay forwarded. */
  private boolean mediaOnBothLegs(String admin) throws Exception {
    JsonNode calls = getJson(admin + "api/calls");
    if (calls.get("count").intValue() != 1) {
      return false;
    }
    JsonNode call = calls.get("calls").get(0);
    JsonNode media = call.get("media");
    if (!"answered".equals(call.get("state").stringValue()) || media == null || media.isNull()) {
      return false;
    }
    JsonNode parties = media.get("parties");
    if (parties.size() != 2) {
      return false;
    }
    for (JsonNode party : parties) {
      long packets = 0;
      for (JsonNode stream : party.get("streams")) {
        packets += stream.get("rtp").get("packets").longValue();
      }
      if (packets == 0) {
        return false;
      }
    }
    return true;
  }

  /** RTP packets of the leg that sent fewest, over its streams (0 without the call). */
  private long packetsOnLeastLeg(String admin) throws Exception {
    JsonNode calls = getJson(admin + "api/calls");
    if (calls.get("count").intValue() != 1) {
      return 0;
    }
    JsonNode media = calls.get("calls").get(0).get("media");
    if (media == null || media.isNull()) {
      return 0;
    }
    long least = Long.MAX_VALUE;
    for (JsonNode party : media.get("parties")) {
      long packets = 0;
      for (JsonNode stream : party.get("streams")) {
        packets += stream.get("rtp").get("packets").longValue();
      }
      least = Math.min(least, packets);
    }
    return least == Long.MAX_VALUE ? 0 : least;
  }

  /** The value of the sample line starting with {@code series}, or NaN. */
  private static double sample(String metrics, String series) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
      }
    }
    return Double.NaN;
  }

  /** The cumulative "Successful call" count of sipp's last statistics screen. */
  private static int successfulCalls(Path log) throws IOException {
    OptionalLong last = OptionalLong.empty();
    for (String line : Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
      if (line.trim().startsWith("Successful call")) {
        String[] cells = line.split("\\|");
        last = OptionalLong.of(Long.parseLong(cells[cells.length - 1].trim()));
      }
    }
    return (int) last.orElse(-1);
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  /** Polls {@code check} every 50 ms until it holds or {@code timeout} passes. */
  private static boolean poll(Check check, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (check.holds()) {
        return true;
      }
      Thread.sleep(50); // a poll interval under a deadline, not a wait for an event
    }
    return check.holds();
  }
}
