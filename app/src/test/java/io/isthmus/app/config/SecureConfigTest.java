package io.isthmus.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.proxy.auth.DigestAlgorithm;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Transport;
import io.isthmus.proxy.transport.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** config/isthmus-secure.yaml and the security keys' checks. */
class SecureConfigTest {
  private static final ConfigLoader LOADER = new ConfigLoader(BrokenConfigTest.LOOPBACK_ONLY);

  @Test
  void theSecureExampleHasTlsDigestLimitsAndAnAdminToken() {
    IsthmusConfig c = ShippedConfigTest.load("isthmus-secure.yaml");
    Network pub = c.proxyNetworks().byName("public").orElseThrow();
    assertThat(pub.sockets())
        .containsExactly(
            SocketSpec.of(Transport.UDP, "127.0.1.1", 5060),
            SocketSpec.of(Transport.TCP, "127.0.1.1", 5060),
            SocketSpec.of(Transport.TLS, "127.0.1.1", 5061));
    NetworkSecurity s = c.network("public").orElseThrow().security();
    assertThat(s.selfSigned()).isTrue();
    TlsSettings tls = s.tls().orElseThrow();
    assertThat(tls.certificate().toString()).endsWith("config/tls/public-cert.pem");
    assertThat(tls.verifyServer()).isFalse();
    assertThat(s.auth().orElseThrow().realm()).isEqualTo("isthmus");
    assertThat(s.auth().orElseThrow().algorithms())
        .containsExactly(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256);
    assertThat(s.auth().orElseThrow().credentials())
        .endsWith(Path.of("isthmus-secure.credentials"));
    assertThat(s.limits().orElseThrow().rate()).isEqualTo(50.0);
    assertThat(s.limits().orElseThrow().blockTime()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.network("private").orElseThrow().security().auth()).isEmpty();
    assertThat(c.admin().tokenFile().orElseThrow().toString())
        .endsWith("config/isthmus-secure.token");
  }

  private static List<ConfigError> errors(String yaml) {
    return switch (LOADER.parse("t.yaml", yaml, Path.of("/tmp"))) {
      case ConfigResult.Invalid i -> i.errors();
      case ConfigResult.Valid v -> List.of();
    };
  }

  private static String config(String publicExtra, String admin) {
    return """
        networks:
          public:
            sip:
              - address: 127.0.1.1
                transports: [udp, tls]
        %s
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
          private:
            sip: [{address: 127.0.2.1}]
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
        dispatcher:
          sets:
            1: [sip:127.0.1.11:5060]
            2: [sip:127.0.2.11:5060]
        admin:
          listen: %s
        """
        .formatted(publicExtra, admin);
  }

  @Test
  void aTlsSocketWithoutACertificateIsAnError() {
    assertThat(errors(config("", "127.0.0.1:8080")))
        .extracting(ConfigError::key)
        .contains("networks.public.tls");
  }

  @Test
  void aNonLoopbackAdminWithoutTokenIsAnError() {
    assertThat(errors(config("    tls: {self-signed: true}", "0.0.0.0:8080")))
        .extracting(ConfigError::key)
        .containsExactly("admin.listen");
  }

  @Test
  void unknownSecurityValuesAreNamed() {
    assertThat(
            errors(
                config(
                    "    tls: {self-signed: true, verify-clients: maybe}\n"
                        + "    limits: {action: tarpit}",
                    "127.0.0.1:8080")))
        .extracting(ConfigError::key)
        .containsExactlyInAnyOrder(
            "networks.public.tls.verify-clients", "networks.public.limits.action");
  }
}
