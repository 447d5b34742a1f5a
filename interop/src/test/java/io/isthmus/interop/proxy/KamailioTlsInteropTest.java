package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.wiring.Product;
import io.isthmus.interop.Interop;
import io.isthmus.proxy.transport.PemFiles;
import io.isthmus.proxy.transport.SelfSignedCertificate;
import io.isthmus.proxy.transport.TlsCounters;
import io.isthmus.testkit.ExternalProcess;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.InetSocketAddress;
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
import org.junit.jupiter.api.Test;

/**
 * SIP over TLS both ways with the Debian Kamailio and its tls module as the peer:
 *
 * <pre>
 * sipp caller --UDP--> Kamailio front --TLS--> Isthmus 127.0.1.1 | 127.0.2.1 --TLS--> Kamailio
 * 127.0.1.100          127.0.1.10              (relay: audio, video)            gateway 127.0.2.11
 *                                                                         --UDP--> sipp UAS 127.0.2.20
 * </pre>
 *
 * Each side checks the other's certificate: the front verifies Isthmus's public certificate (its
 * tls.cfg {@code ca_list}), Isthmus verifies the gateway's against its {@code trust} file and the
 * gateway's IP address ({@code verify-server: true}). {@code openssl s_client} sees, and verifies,
 * Isthmus's certificate on the public TLS port and Kamailio's on the gateway's. Calls with audio
 * and video complete end to end, RTP echoed back through the relay on both streams, BYE along the
 * Record-Routes over TLS; Isthmus's probes reach the gateway over TLS too. While the calls are up,
 * Isthmus's public certificate is replaced and reloaded ({@code POST /api/reload}, as {@code ctl
 * reload}): the calls end normally over their open connections, new handshakes get the new one.
 */
class KamailioTlsInteropTest {
  private static final int ISTHMUS_TLS = 27082;
  private static final String FRONT = "127.0.1.10";
  private static final int FRONT_TLS = 27083;
  private static final String GATEWAY = ProxyInterop.PRIVATE_GATEWAY_1; // Kamailio
  private static final int GATEWAY_UDP = ProxyInterop.GATEWAY_SIP;
  private static final int GATEWAY_TLS = ProxyInterop.GATEWAY_SIP + 1;
  private static final String UAS = "127.0.2.20";
  private static final int CALLS = 5;
  private static final int ADMIN_PORT = 27582;
  private static final Duration RUN = Duration.ofSeconds(60);

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
            sip: [{address: 127.0.1.1, port: %1$d, tls-port: %2$d, transports: [udp, tls]}]
            tls:
              certificate: isthmus-public-cert.pem
              key: isthmus-public-key.pem
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
          private:
            sip: [{address: 127.0.2.1, port: %1$d, tls-port: %2$d, transports: [udp, tls]}]
            tls:
              certificate: isthmus-private-cert.pem
              key: isthmus-private-key.pem
              trust: kamailio-cert.pem
              verify-server: true
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
        dispatcher:
          sets:
            1: [sip:127.0.1.11:%3$d]
            2: ["sip:%4$s:%5$d;transport=tls"]
          probing:
            interval: 1s
            timeout: 1s
        relay:
          control: in-process
          listen-ng: 127.0.0.1:%6$d
          port-min: %7$d
          port-max: %8$d
          delete-delay: 0s
        admin:
          listen: 127.0.0.1:%9$d
        logging:
          level: warn
        """
        .formatted(
            ProxyInterop.PROXY_SIP,
            ISTHMUS_TLS,
            ProxyInterop.GATEWAY_SIP,
            GATEWAY,
            GATEWAY_TLS,
            ProxyInterop.ISTHMUS_NG,
            ProxyInterop.ISTHMUS_PORT_MIN,
            ProxyInterop.ISTHMUS_PORT_MAX,
            ADMIN_PORT);
  }

  /** What {@code openssl s_client} printed, and the first certificate the server sent. */
  private record SClient(String brief, X509Certificate served) {}

  private static SClient sClient(Path dir, String address, int port, Path ca) throws Exception {
    Path log = dir.resolve("s_client-" + address + "-" + port + ".log");
    Process p =
        new ProcessBuilder(
                "openssl",
                "s_client",
                "-connect",
                address + ":" + port,
                "-showcerts",
                "-CAfile",
                ca.toString(),
                "-verify_ip",
                address,
                "-verify_return_error")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("openssl s_client ended").isTrue();
    } finally {
      p.destroyForcibly();
    }
    String out = Files.readString(log);
    int b = out.indexOf("-----BEGIN CERTIFICATE-----");
    int e = out.indexOf("-----END CERTIFICATE-----");
    assertThat(b).as(out).isNotNegative();
    X509Certificate served =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        out.substring(b, e + 25).getBytes(StandardCharsets.US_ASCII)));
    return new SClient(out, served);
  }

  @Test
  void callsWithAudioAndVideoCrossKamailioOverTlsOnBothSides() throws Exception {
    ExternalProcess.requireBinary(Sipp.BINARY, "sip-tester");
    Path dir = ProxyInterop.freshDir("kamailio-tls");
    SelfSignedCertificate.generate(
        dir.resolve("isthmus-public-cert.pem"),
        dir.resolve("isthmus-public-key.pem"),
        "isthmus public",
        List.of(Interop.PUBLIC_IF),
        List.of());
    SelfSignedCertificate.generate(
        dir.resolve("isthmus-private-cert.pem"),
        dir.resolve("isthmus-private-key.pem"),
        "isthmus private",
        List.of(Interop.PRIVATE_IF),
        List.of());
    SelfSignedCertificate.generate(
        dir.resolve("kamailio-cert.pem"),
        dir.resolve("kamailio-key.pem"),
        "kamailio test peer",
        List.of(FRONT, GATEWAY),
        List.of());

    KamailioTls kamailio =
        KamailioTls.start(
            dir.resolve("kamailio"),
            Map.ofEntries(
                Map.entry("FRONT_IP", FRONT),
                Map.entry("FRONT_UDP_PORT", Integer.toString(ProxyInterop.PROXY_SIP)),
                Map.entry("FRONT_TLS_PORT", Integer.toString(FRONT_TLS)),
                Map.entry("GATEWAY_IP", GATEWAY),
                Map.entry("GATEWAY_UDP_PORT", Integer.toString(GATEWAY_UDP)),
                Map.entry("GATEWAY_TLS_PORT", Integer.toString(GATEWAY_TLS)),
                Map.entry("ISTHMUS_PUBLIC", Interop.PUBLIC_IF),
                Map.entry("ISTHMUS_TLS_PORT", Integer.toString(ISTHMUS_TLS)),
                Map.entry("UAS", UAS + ":" + ProxyInterop.GATEWAY_SIP),
                Map.entry("CERT", dir.resolve("kamailio-cert.pem").toString()),
                Map.entry("KEY", dir.resolve("kamailio-key.pem").toString()),
                Map.entry("ISTHMUS_CA", dir.resolve("isthmus-public-cert.pem").toString())),
            List.of(
                new InetSocketAddress(FRONT, ProxyInterop.PROXY_SIP),
                new InetSocketAddress(GATEWAY, GATEWAY_UDP)));
    open.add(kamailio);
    Sipp uas = Sipp.gateway(dir, UAS, Interop.PRIVATE_IF);
    open.add(uas);

    Path file = dir.resolve("isthmus.yaml");
    Files.writeString(file, config());
    var config =
        switch (ConfigLoader.load(file)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
        };
    product = Product.start(config, Product.Roles.PROXY_AND_RELAY, file);
    // the probes of the gateway go over TLS, Kamailio's certificate verified
    Poll.untilTrue(
        Duration.ofSeconds(20),
        () -> "a 200 to the probes of the Kamailio gateway over TLS\n" + kamailio.logTail(30),
        () ->
            product.dispatcher().status().stream()
                .anyMatch(
                    s -> s.gateway().uri().host().equals(GATEWAY) && s.lastProbeStatus() == 200));

    // openssl sees (and verifies) the right certificate on each TLS port
    SClient isthmus =
        sClient(dir, Interop.PUBLIC_IF, ISTHMUS_TLS, dir.resolve("isthmus-public-cert.pem"));
    assertThat(isthmus.served())
        .isEqualTo(PemFiles.certificates(dir.resolve("isthmus-public-cert.pem")).getFirst());
    assertThat(isthmus.brief()).contains("Verify return code: 0 (ok)");
    SClient gateway = sClient(dir, GATEWAY, GATEWAY_TLS, dir.resolve("kamailio-cert.pem"));
    assertThat(gateway.served())
        .isEqualTo(PemFiles.certificates(dir.resolve("kamailio-cert.pem")).getFirst());
    assertThat(gateway.brief()).contains("Verify return code: 0 (ok)");
    TlsCounters tls = product.proxy().transport().tlsCounters();
    long inboundBefore = tls.inboundHandshakes();

    Path messages = dir.resolve("caller").resolve("messages.log");
    CallerMedia audio =
        new CallerMedia(Interop.PUBLIC_PARTY, ProxyInterop.CALLER_RTP, messages, "audio");
    open.add(audio);
    CallerMedia video =
        new CallerMedia(Interop.PUBLIC_PARTY, ProxyInterop.CALLER_VIDEO, messages, "video");
    open.add(video);
    Sipp caller =
        Sipp.caller(
            dir,
            "caller",
            "proxy/uac.xml",
            Map.of(
                "RELAY_IF_RE", Interop.PUBLIC_IF.replace(".", "\\."),
                "RTP_PORT", Integer.toString(ProxyInterop.CALLER_RTP),
                "VIDEO_PORT", Integer.toString(ProxyInterop.CALLER_VIDEO),
                "CALL_MS", "6000"),
            Interop.PUBLIC_PARTY,
            FRONT,
            CALLS,
            5);
    open.add(caller);

    // while the calls are up: a new certificate on disk and a reload (what `ctl reload` sends);
    // the calls go on over their open connections and end with their BYEs
    Poll.untilTrue(
        Duration.ofSeconds(20),
        () -> "every call answered" + caller.diagnosis(),
        () -> audio.calls().size() == CALLS && video.calls().size() == CALLS);
    X509Certificate old = PemFiles.certificates(dir.resolve("isthmus-public-cert.pem")).getFirst();
    Files.delete(dir.resolve("isthmus-public-cert.pem"));
    Files.delete(dir.resolve("isthmus-public-key.pem"));
    SelfSignedCertificate.generate(
        dir.resolve("isthmus-public-cert.pem"),
        dir.resolve("isthmus-public-key.pem"),
        "isthmus public renewed",
        List.of(Interop.PUBLIC_IF),
        List.of());
    try (var http = java.net.http.HttpClient.newHttpClient()) {
      var reload =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + ADMIN_PORT + "/api/reload"))
                  .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
      assertThat(reload.body()).contains("tls certificates").doesNotContain("failed");
    }
    assertThat(caller.isAlive()).as("calls still up after the reload").isTrue();
    assertThat(caller.waitFor(RUN))
        .as(() -> caller.diagnosis() + uas.diagnosis() + kamailio.logTail(40))
        .isZero();
    assertThat(caller.stats().orElseThrow().successful()).isEqualTo(CALLS);
    Poll.untilTrue(
        Duration.ofSeconds(20),
        () -> "the UAS to count " + CALLS + " calls" + uas.diagnosis(),
        () -> uas.stats().map(s -> s.successful() == CALLS).orElse(false));
    assertThat(uas.stats().orElseThrow().failed()).isZero();

    // media both ways on both streams of every call, through the relay on the caller's side
    for (CallerMedia m : List.of(audio, video)) {
      assertThat(m.calls()).hasSize(CALLS);
      assertThat(m.calls().values())
          .allSatisfy(a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.1.1"));
      assertThat(m.callsWithoutEchoes()).as("calls without RTP echoed back").isEmpty();
    }
    // new handshakes get the new certificate
    SClient renewed =
        sClient(dir, Interop.PUBLIC_IF, ISTHMUS_TLS, dir.resolve("isthmus-public-cert.pem"));
    assertThat(renewed.served()).isNotEqualTo(old);
    assertThat(renewed.served())
        .isEqualTo(PemFiles.certificates(dir.resolve("isthmus-public-cert.pem")).getFirst());
    // the calls came in and went out over TLS: Kamailio's log names the transport
    String log = Files.readString(kamailio.log());
    assertThat(log.lines().filter(l -> l.contains("gateway: INVITE") && l.contains("over tls")))
        .hasSize(CALLS);
    assertThat(tls.inboundHandshakes()).isGreaterThan(inboundBefore);
    assertThat(tls.inboundFailures()).isZero();
    assertThat(tls.outboundHandshakes()).isPositive();
    assertThat(tls.outboundFailures()).isZero();
    Poll.untilTrue(
        Duration.ofSeconds(20),
        () -> "every BYE to end its call in the relay",
        () -> product.relay().callCount() == 0);
  }
}
