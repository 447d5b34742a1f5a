package io.isthmus.app.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.wiring.Product;
import io.isthmus.proxy.transport.PemFiles;
import io.isthmus.proxy.transport.SelfSignedCertificate;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code admin.tls}: the admin API over HTTPS with the PEM certificate and key of the config, seen
 * by real clients: curl (OpenSSL) with the certificate as its CA, the JDK's HttpClient, and {@code
 * isthmus ctl --config}, which trusts exactly the configured certificate. Plain HTTP on the port
 * gets no answer; a reload re-reads the certificate for new connections.
 */
class AdminHttpsTest {
  private static final int ADMIN = 26780;
  @TempDir Path dir;
  private Path file;
  private Product product;

  private static String config() {
    return """
        networks:
          public:
            sip: [{address: 127.0.1.1, port: 26760, transports: [udp]}]
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
          private:
            sip: [{address: 127.0.2.1, port: 26760, transports: [udp]}]
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
        dispatcher:
          sets:
            1: [sip:127.0.1.11:26770]
            2: [sip:127.0.2.11:26770]
          probing:
            interval: 60s
        relay:
          listen-ng: 127.0.0.1:26722
          port-min: 48400
          port-max: 48449
          delete-delay: 0s
        admin:
          listen: 127.0.0.1:%d
          token-file: admin.token
          tls:
            certificate: admin-cert.pem
            key: admin-key.pem
        """
        .formatted(ADMIN);
  }

  @BeforeEach
  void start() throws Exception {
    SelfSignedCertificate.generate(
        dir.resolve("admin-cert.pem"),
        dir.resolve("admin-key.pem"),
        "isthmus admin test",
        List.of("127.0.0.1"),
        List.of());
    Files.writeString(dir.resolve("admin.token"), "a-test-token-of-some-length\n");
    file = dir.resolve("isthmus.yaml");
    Files.writeString(file, config());
    var config =
        switch (ConfigLoader.load(file)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
        };
    product = Product.start(config, Product.Roles.PROXY_AND_RELAY, file);
  }

  @AfterEach
  void stop() {
    if (product != null) {
      product.close();
    }
  }

  private record Run(int exit, String out) {}

  private Run run(String... command) throws Exception {
    Path out = dir.resolve("out-" + System.nanoTime());
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  private static HttpClient trusting(Path pem) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("admin", PemFiles.certificates(pem).getFirst());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).build();
  }

  @Test
  void curlAndTheJdkClientReachTheApiOverHttpsOnly() throws Exception {
    assertThat(product.admin().url()).isEqualTo("https://127.0.0.1:" + ADMIN + "/");
    String base = "https://127.0.0.1:" + ADMIN;
    Run health =
        run(
            "curl",
            "-sS",
            "--cacert",
            dir.resolve("admin-cert.pem").toString(),
            "-w",
            "\\n%{http_code} %{ssl_verify_result}",
            base + "/health");
    assertThat(health.exit()).as(health.out()).isZero();
    assertThat(health.out()).endsWith("\n200 0"); // verified against the configured certificate
    Run unverified = run("curl", "-sS", base + "/health"); // the system CAs do not know it
    assertThat(unverified.exit()).as(unverified.out()).isEqualTo(60);
    Run plain = run("curl", "-sS", "-m", "5", "http://127.0.0.1:" + ADMIN + "/health");
    assertThat(plain.exit()).as("plain HTTP: " + plain.out()).isNotZero();

    try (HttpClient http = trusting(dir.resolve("admin-cert.pem"))) {
      HttpResponse<String> reload =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/reload"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(reload.statusCode()).as("the token is still needed").isEqualTo(401);
      HttpResponse<String> stats =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/stats")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(stats.statusCode()).isEqualTo(200);
      X509Certificate served =
          (X509Certificate) stats.sslSession().orElseThrow().getPeerCertificates()[0];
      assertThat(served).isEqualTo(PemFiles.certificates(dir.resolve("admin-cert.pem")).getFirst());
    }
  }

  @Test
  void ctlTrustsTheConfiguredCertificateAndAReloadServesANewOne() throws Exception {
    Ctl stats = Ctl.run("--config", file.toString(), "stats");
    assertThat(stats.exit()).as(stats.err()).isZero();

    X509Certificate before = PemFiles.certificates(dir.resolve("admin-cert.pem")).getFirst();
    Files.delete(dir.resolve("admin-cert.pem"));
    Files.delete(dir.resolve("admin-key.pem"));
    SelfSignedCertificate.generate(
        dir.resolve("admin-cert.pem"),
        dir.resolve("admin-key.pem"),
        "isthmus admin test renewed",
        List.of("127.0.0.1"),
        List.of());
    // renewed on disk: ctl (which trusts the file) cannot reach the endpoint until the reload;
    // SIGHUP (systemctl reload) makes it re-read the files, as the deploy hook does
    Process kill =
        new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
            .inheritIO()
            .start();
    assertThat(kill.waitFor()).isZero();
    X509Certificate served = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (HttpClient renewed = trusting(dir.resolve("admin-cert.pem"))) {
      while (served == null && System.nanoTime() < deadline) {
        try {
          HttpResponse<String> r =
              renewed.send(
                  HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ADMIN + "/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          served = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        } catch (SSLHandshakeException notYet) {
          Thread.sleep(50); // poll interval under the deadline
        }
      }
    }
    assertThat(served).as("the renewed certificate served after SIGHUP").isNotNull();
    assertThat(served).isNotEqualTo(before);
    assertThat(served.getSubjectX500Principal().getName()).contains("renewed");
    Ctl reload = Ctl.run("--config", file.toString(), "reload");
    assertThat(reload.exit()).as(reload.err()).isZero();
    assertThat(reload.out()).contains("admin tls certificate").doesNotContain("failed");
    Files.writeString(
        dir.resolve("old-cert.pem"), PemFiles.pem("CERTIFICATE", before.getEncoded()));
    try (HttpClient old = trusting(dir.resolve("old-cert.pem"))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  old.send(
                      HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ADMIN + "/health"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }
}
