package io.isthmus.app.config;

import io.isthmus.proxy.auth.DigestAlgorithm;
import io.isthmus.proxy.auth.DigestSettings;
import io.isthmus.proxy.flood.FloodSettings;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.proxy.transport.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a network's {@code tls}, {@code auth}, {@code limits}, {@code trusted} and {@code
 * accept-media-from} keys.
 */
final class SecurityReader {
  private static final Converter<TlsSettings.ClientAuth> CLIENT_AUTH =
      Converters.enumeration(
          "a client-certificate rule",
          Map.of(
              "none", TlsSettings.ClientAuth.NONE,
              "optional", TlsSettings.ClientAuth.OPTIONAL,
              "require", TlsSettings.ClientAuth.REQUIRE));
  private static final Converter<DigestAlgorithm> ALGORITHM =
      Converters.enumeration(
          "a digest algorithm",
          Map.of("SHA-256", DigestAlgorithm.SHA_256, "MD5", DigestAlgorithm.MD5));
  private static final Converter<String> PROTOCOL =
      Converters.enumeration("a TLS version", Map.of("TLSv1.2", "TLSv1.2", "TLSv1.3", "TLSv1.3"));
  private static final Converter<Boolean> ACTION =
      Converters.enumeration("a flood action", Map.of("drop", false, "503", true));
  private static final Converter<Boolean> MEDIA_FROM =
      Converters.enumeration(
          "where media is accepted from (sdp: the SDP address only; learned: the learned source)",
          Map.of("sdp", true, "learned", false));
  private static final Converter<Integer> COUNT = Converters.integer("a count", 0, 1_000_000);
  private static final Converter<Integer> RATE = Converters.integer("a rate", 1, 1_000_000);

  private SecurityReader() {}

  static NetworkSecurity read(MappingReader network, String name, Path dir) {
    Optional<TlsSettings> tls = Optional.empty();
    boolean selfSigned = false;
    MappingReader t =
        network.section(
            NetworkSecurity.KEY_TLS, "the keys certificate, key, chain, trust, verify-clients");
    if (network.has(NetworkSecurity.KEY_TLS)) {
      selfSigned = t.value("self-signed", false, Converters.BOOLEAN);
      String cert =
          t.value("certificate", selfSigned ? "tls/" + name + "-cert.pem" : null, Converters.TEXT);
      String key = t.value("key", selfSigned ? "tls/" + name + "-key.pem" : null, Converters.TEXT);
      String chain = t.value("chain", null, Converters.TEXT);
      String trust = t.value("trust", null, Converters.TEXT);
      TlsSettings.ClientAuth clientAuth =
          t.value("verify-clients", TlsSettings.ClientAuth.NONE, CLIENT_AUTH);
      boolean verifyServer = t.value("verify-server", true, Converters.BOOLEAN);
      List<String> protocols = new ArrayList<>();
      for (MappingReader.Item i : t.list("protocols", "a list of TLSv1.2, TLSv1.3")) {
        String p = t.convert(i.node(), i.path(), PROTOCOL);
        if (p != null) {
          protocols.add(p);
        }
      }
      Map<String, TlsSettings.Identity> sni = new LinkedHashMap<>();
      MappingReader s = t.section("sni", "server names mapped to {certificate, key}");
      for (MappingReader.Item e : s.entries()) {
        MappingReader one =
            MappingReader.of(
                t.errors(), t.lines(), e.path(), e.node(), "the keys certificate, key");
        String c = one.required("certificate", Converters.TEXT);
        String k = one.required("key", Converters.TEXT);
        one.finish();
        if (c != null && k != null) {
          sni.put(e.key(), new TlsSettings.Identity(dir.resolve(c), dir.resolve(k)));
        }
      }
      s.finish();
      t.finish();
      if (cert == null || key == null) {
        t.errors()
            .add(
                t.line(),
                t.path(),
                "certificate and key are required (or self-signed: true for a test certificate)");
      } else {
        try {
          tls =
              Optional.of(
                  new TlsSettings(
                      dir.resolve(cert),
                      dir.resolve(key),
                      Optional.ofNullable(chain).map(dir::resolve),
                      Optional.ofNullable(trust).map(dir::resolve),
                      clientAuth,
                      verifyServer,
                      protocols.isEmpty() ? TlsSettings.DEFAULT_PROTOCOLS : protocols,
                      sni));
        } catch (IllegalArgumentException e) {
          t.errors().add(t.line(), t.path(), e.getMessage());
        }
      }
    }

    Optional<DigestSettings> auth = Optional.empty();
    MappingReader a =
        network.section(NetworkSecurity.KEY_AUTH, "the keys realm, credentials, algorithms");
    if (network.has(NetworkSecurity.KEY_AUTH)) {
      String realm = a.required("realm", Converters.NAME);
      String creds = a.required("credentials", Converters.TEXT);
      List<DigestAlgorithm> algs = new ArrayList<>();
      for (MappingReader.Item i : a.list("algorithms", "a list of SHA-256, MD5")) {
        DigestAlgorithm alg = a.convert(i.node(), i.path(), ALGORITHM);
        if (alg != null) {
          algs.add(alg);
        }
      }
      Duration lifetime =
          a.positiveDuration("nonce-lifetime", DigestSettings.DEFAULT_NONCE_LIFETIME);
      a.finish();
      if (realm != null && creds != null) {
        try {
          auth =
              Optional.of(
                  new DigestSettings(
                      realm,
                      dir.resolve(creds),
                      algs.isEmpty() ? DigestSettings.DEFAULT_ALGORITHMS : algs,
                      lifetime));
        } catch (IllegalArgumentException e) {
          a.errors().add(a.line(), a.path(), e.getMessage());
        }
      }
    }

    Optional<FloodSettings> limits = Optional.empty();
    MappingReader l =
        network.section(NetworkSecurity.KEY_LIMITS, "the keys rate, burst, block-time, action");
    if (network.has(NetworkSecurity.KEY_LIMITS)) {
      Integer rate = l.value("rate", 20, RATE);
      Integer burst = l.value("burst", rate == null ? 40 : rate * 2, RATE);
      Duration block = l.value("block-time", Duration.ofSeconds(60), Converters.DURATION);
      Boolean reject = l.value("action", false, ACTION);
      Integer conns = l.value("max-connections", 16, COUNT);
      Boolean scanners = l.value("refuse-scanners", true, Converters.BOOLEAN);
      l.finish();
      if (rate != null && burst != null && block != null && conns != null) {
        limits =
            Optional.of(
                new FloodSettings(
                    rate,
                    burst,
                    block,
                    Boolean.TRUE.equals(reject),
                    conns,
                    Boolean.FALSE.equals(scanners) ? List.of() : FloodSettings.KNOWN_SCANNERS));
      }
    }

    List<Subnet> trusted = new ArrayList<>();
    for (MappingReader.Item i :
        network.list(NetworkSecurity.KEY_TRUSTED, "a list of subnets, e.g. [127.0.2.0/24]")) {
      Subnet s = network.convert(i.node(), i.path(), Converters.SUBNET);
      if (s != null) {
        trusted.add(s);
      }
    }
    Boolean sdpOnly = network.value(NetworkSecurity.KEY_ACCEPT_MEDIA_FROM, false, MEDIA_FROM);
    return new NetworkSecurity(
        tls, selfSigned, auth, limits, trusted, Boolean.TRUE.equals(sdpOnly));
  }
}
