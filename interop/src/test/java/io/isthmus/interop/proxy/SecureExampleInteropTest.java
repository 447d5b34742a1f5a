package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.wiring.Product;
import io.isthmus.interop.Interop;
import io.isthmus.proxy.auth.AuthResult;
import io.isthmus.proxy.auth.DigestAuthenticator;
import io.isthmus.proxy.transport.PemFiles;
import io.isthmus.testkit.ExternalProcess;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * config/isthmus-secure.yaml as shipped (only its ports moved to the interop test ports), run as
 * {@code isthmus run} runs it, against real peers: {@code openssl s_client} sees the self-signed
 * certificate generated on first start; sipp callers without credentials get 407, with {@code -au
 * alice -ap alice-secret} complete their calls (audio and video offered, the relay on their side),
 * with a wrong password fail on a second 407; the admin API refuses a reload without the bearer
 * token and does it with the token; a flood and a sipvicious scan are blocked.
 */
class SecureExampleInteropTest {
  private static final int TLS_PORT = 27082;
  private static final int ADMIN_PORT = 27580;
  private static final Duration SIPP_RUN = Duration.ofSeconds(60);
  private Path dir;
  private Product product;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    ExternalProcess.requireBinary(Sipp.BINARY, "sip-tester");
    dir = ProxyInterop.freshDir("secure-example");
    Path shipped = Path.of("../config");
    for (String f : List.of("isthmus-secure.credentials", "isthmus-secure.token")) {
      Files.copy(shipped.resolve(f), dir.resolve(f));
    }
    String yaml =
        Files.readString(shipped.resolve("isthmus-secure.yaml"))
            .replace("port: 5060", "port: " + ProxyInterop.PROXY_SIP)
            .replace("tls-port: 5061", "tls-port: " + TLS_PORT)
            .replace(":5060", ":" + ProxyInterop.GATEWAY_SIP)
            .replace("127.0.0.1:8080", "127.0.0.1:" + ADMIN_PORT)
            .replace("127.0.0.1:22222", "127.0.0.1:" + ProxyInterop.ISTHMUS_NG)
            .replace("port-min: 30000", "port-min: " + ProxyInterop.ISTHMUS_PORT_MIN)
            .replace("port-max: 39999", "port-max: " + ProxyInterop.ISTHMUS_PORT_MAX);
    Path file = dir.resolve("isthmus-secure.yaml");
    Files.writeString(file, yaml);
    var config =
        switch (ConfigLoader.load(file)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
        };
    List<String> gateways = List.of(ProxyInterop.PRIVATE_GATEWAY_1, ProxyInterop.PRIVATE_GATEWAY_2);
    for (String gw : gateways) {
      open.add(Sipp.gateway(dir, gw, Interop.PRIVATE_IF));
    }
    product = Product.start(config, Product.Roles.PROXY_AND_RELAY, file);
    for (String gw : gateways) {
      // the gateways are trusted by address: their answers to the probes need no credentials
      Poll.untilTrue(
          Duration.ofSeconds(25),
          () -> "a 200 to the probes of " + gw,
          () ->
              product.dispatcher().status().stream()
                  .anyMatch(
                      s -> s.gateway().uri().host().equals(gw) && s.lastProbeStatus() == 200));
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    if (product != null) {
      product.close();
    }
  }

  private Sipp caller(String name, String scenario, int calls, List<String> extra)
      throws Exception {
    Sipp s =
        Sipp.caller(
            dir,
            name,
            scenario,
            Map.of(
                "RELAY_IF_RE", Interop.PUBLIC_IF.replace(".", "\\."),
                "RTP_PORT", Integer.toString(ProxyInterop.CALLER_RTP),
                "VIDEO_PORT", Integer.toString(ProxyInterop.CALLER_VIDEO),
                "CALL_MS", "200"),
            Interop.PUBLIC_PARTY,
            Interop.PUBLIC_IF,
            calls,
            5,
            extra);
    open.add(s);
    return s;
  }

  @Test
  void openSslSeesTheGeneratedSelfSignedCertificate() throws Exception {
    Path log = dir.resolve("s_client.log");
    Process p =
        new ProcessBuilder(
                "openssl",
                "s_client",
                "-connect",
                Interop.PUBLIC_IF + ":" + TLS_PORT,
                "-showcerts",
                "-brief")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    try {
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("openssl s_client ended").isTrue();
    } finally {
      p.destroyForcibly();
    }
    String out = Files.readString(log);
    Process pem =
        new ProcessBuilder(
                "openssl", "s_client", "-connect", Interop.PUBLIC_IF + ":" + TLS_PORT, "-showcerts")
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String full = new String(pem.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    pem.waitFor(20, TimeUnit.SECONDS);
    int b = full.indexOf("-----BEGIN CERTIFICATE-----");
    int e = full.indexOf("-----END CERTIFICATE-----");
    assertThat(b).as(out + full).isNotNegative();
    X509Certificate served =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        full.substring(b, e + 25).getBytes(StandardCharsets.US_ASCII)));
    X509Certificate generated =
        PemFiles.certificates(dir.resolve("tls/public-cert.pem")).getFirst();
    assertThat(served).isEqualTo(generated);
    assertThat(out).contains("Protocol version: TLSv1.3");
    assertThat(generated.getSubjectX500Principal().getName()).contains("self-signed test public");
  }

  @Test
  void sippGets407WithoutCredentialsAndCompletesItsCallsWithThem() throws Exception {
    Sipp challenged = caller("no-credentials", "proxy/uac-407.xml", 3, List.of());
    assertThat(challenged.waitFor(SIPP_RUN)).as(challenged::diagnosis).isZero();
    assertThat(challenged.stats().orElseThrow().successful()).isEqualTo(3);
    open.remove(challenged);
    challenged.close();

    Sipp alice =
        caller("alice", "proxy/uac-auth.xml", 10, List.of("-au", "alice", "-ap", "alice-secret"));
    assertThat(alice.waitFor(SIPP_RUN)).as(alice::diagnosis).isZero();
    assertThat(alice.stats().orElseThrow().successful()).isEqualTo(10);
    assertThat(alice.stats().orElseThrow().failed()).isZero();
    DigestAuthenticator auth = product.proxy().security().auth().get("public");
    assertThat(auth.successes()).isEqualTo(10);
    open.remove(alice);
    alice.close();

    Sipp mallory =
        caller("wrong-password", "proxy/uac-auth.xml", 1, List.of("-au", "alice", "-ap", "guess"));
    assertThat(mallory.waitFor(SIPP_RUN)).isNotZero();
    assertThat(mallory.stats().orElseThrow().successful()).isZero();
    assertThat(auth.failures(AuthResult.Failure.WRONG_CREDENTIALS)).isEqualTo(1);
    assertThat(auth.successes()).isEqualTo(10);
  }

  @Test
  void theAdminApiWantsTheBearerTokenForAReload() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI reload = URI.create("http://127.0.0.1:" + ADMIN_PORT + "/api/reload");
    HttpResponse<String> without =
        http.send(
            HttpRequest.newBuilder(reload).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(without.statusCode()).isEqualTo(401);
    HttpResponse<String> wrong =
        http.send(
            HttpRequest.newBuilder(reload)
                .header("Authorization", "Bearer not-the-token-at-all")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(403);
    String token = Files.readString(dir.resolve("isthmus-secure.token")).strip();
    HttpResponse<String> with =
        http.send(
            HttpRequest.newBuilder(reload)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(with.statusCode()).as(with.body()).isEqualTo(200);
    assertThat(with.body()).contains("tls certificates").contains("credentials of public");
    HttpResponse<String> read =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ADMIN_PORT + "/api/stats"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).isEqualTo(200); // reads stay open unless token-for-reads
  }

  @Test
  void aFloodingSourceIsBlockedShownInTheApiAndMetricsAndUnblockedByHand() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + ADMIN_PORT;
    String token = Files.readString(dir.resolve("isthmus-secure.token")).strip();
    try (java.net.DatagramSocket flooder =
        new java.net.DatagramSocket(
            new java.net.InetSocketAddress(java.net.InetAddress.ofLiteral("127.0.1.66"), 0))) {
      var proxy = new java.net.InetSocketAddress(Interop.PUBLIC_IF, ProxyInterop.PROXY_SIP);
      for (int i = 0; i < 400; i++) {
        byte[] b =
            ("OPTIONS sip:127.0.1.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.1.66:5060;branch=z9hG4bK-f"
                    + i
                    + "\r\nMax-Forwards: 70\r\nFrom: <sip:f@127.0.1.66>;tag=f\r\n"
                    + "To: <sip:127.0.1.1>\r\nCall-ID: flood-"
                    + i
                    + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        flooder.send(new java.net.DatagramPacket(b, b.length, proxy));
        if (i % 20 == 19) {
          Thread.sleep(1);
        }
      }
    }
    Poll.untilTrue(
        Duration.ofSeconds(5),
        () -> "the flooder blocked",
        () -> product.proxy().security().flood().blocked().size() == 1);
    HttpResponse<String> view =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/security")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(view.body()).contains("\"address\":\"127.0.1.66\"").contains("rate over");
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("isthmus_flood_blocked_sources 1.0");
    assertThat(metrics.body()).contains("isthmus_sip_dropped_total{cause=\"flood\"}");
    URI unblock = URI.create(base + "/api/security/blocked/127.0.1.66");
    assertThat(
            http.send(
                    HttpRequest.newBuilder(unblock).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> lifted =
        http.send(
            HttpRequest.newBuilder(unblock)
                .header("Authorization", "Bearer " + token)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(200);
    assertThat(product.proxy().security().flood().blocked()).isEmpty();
    assertThat(
            http.send(
                    HttpRequest.newBuilder(unblock)
                        .header("Authorization", "Bearer " + token)
                        .DELETE()
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void aSipviciousScanIsRefusedAndItsSourceBlocked() throws Exception {
    Path svmap = Path.of("/usr/bin/svmap");
    ExternalProcess.requireBinary(svmap, "sipvicious");
    Path home = Files.createDirectories(dir.resolve("svmap-home")); // its session files
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
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("HOME", home.toString());
    Process p = pb.start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("svmap ended").isTrue();
    } finally {
      p.destroyForcibly();
    }
    var flood = product.proxy().security().flood();
    assertThat(flood.totals().scanners())
        .as(Files.readString(dir.resolve("svmap.log")))
        .isPositive();
    assertThat(flood.blocked())
        .extracting(io.isthmus.proxy.flood.FloodGuard.Blocked::address)
        .containsExactly("127.0.1.77");
    // it found nothing: no answer reached it
    assertThat(Files.readString(dir.resolve("svmap.log"))).contains("found nothing");
  }

  /** 400 OPTIONS from {@code source} as fast as the kernel takes them (paced every 20). */
  private static void flood(String source) throws Exception {
    try (java.net.DatagramSocket flooder =
        new java.net.DatagramSocket(
            new java.net.InetSocketAddress(java.net.InetAddress.ofLiteral(source), 0))) {
      var proxy = new java.net.InetSocketAddress(Interop.PUBLIC_IF, ProxyInterop.PROXY_SIP);
      for (int i = 0; i < 400; i++) {
        byte[] b =
            ("OPTIONS sip:127.0.1.1 SIP/2.0\r\nVia: SIP/2.0/UDP "
                    + source
                    + ":5060;branch=z9hG4bK-s"
                    + i
                    + "\r\nMax-Forwards: 70\r\nFrom: <sip:f@"
                    + source
                    + ">;tag=f\r\nTo: <sip:127.0.1.1>\r\nCall-ID: status-flood-"
                    + i
                    + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        flooder.send(new java.net.DatagramPacket(b, b.length, proxy));
        if (i % 20 == 19) {
          Thread.sleep(1);
        }
      }
    }
  }

  @Test
  void theStatusPageShowsTheBlockedSourceWithItsCounts() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    ExternalProcess.requireBinary(chromium, "chromium");
    flood("127.0.1.68");
    var guard = product.proxy().security().flood();
    Poll.untilTrue(
        Duration.ofSeconds(5),
        () -> "the flooder blocked, its 400 requests seen: " + guard.blocked(),
        () -> guard.blocked().size() == 1 && guard.blocked().getFirst().requests() == 400);
    var blocked = guard.blocked().getFirst();
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    Path out = dir.resolve("status-dom.html");
    Process browser =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--dump-dom",
                "--virtual-time-budget=5000",
                "http://127.0.0.1:" + ADMIN_PORT + "/status/")
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("chromium.err").toFile())
            .start();
    try {
      assertThat(browser.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    } finally {
      browser.descendants().forEach(ProcessHandle::destroyForcibly);
      browser.destroyForcibly();
    }
    String dom = Files.readString(out);
    java.util.regex.Matcher row =
        java.util.regex.Pattern.compile(
                "<tr class=\"blocked\" data-address=\"127\\.0\\.1\\.68\">(.*?)</tr>")
            .matcher(dom);
    assertThat(row.find()).as(dom).isTrue();
    List<String> cells = new ArrayList<>();
    java.util.regex.Matcher td =
        java.util.regex.Pattern.compile("<td[^>]*>([^<]*)</td>").matcher(row.group(1));
    while (td.find()) {
      cells.add(td.group(1));
    }
    assertThat(cells.subList(0, 5))
        .containsExactly(
            "127.0.1.68",
            "public",
            "rate over 50/s",
            String.format(java.util.Locale.US, "%,d", blocked.refused()),
            String.format(java.util.Locale.US, "%,d", blocked.requests()));
    assertThat(dom).contains("id=\"flood-blocked\" class=\"value\">1<");
  }
}
