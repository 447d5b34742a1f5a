package io.isthmus.app.wiring;

import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.app.config.NetworkConfig;
import io.isthmus.common.time.Clock;
import io.isthmus.proxy.auth.DigestAuthenticator;
import io.isthmus.proxy.core.EdgeSecurity;
import io.isthmus.proxy.core.RouteSigner;
import io.isthmus.proxy.core.TrustedSources;
import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.flood.FloodGuard;
import io.isthmus.proxy.flood.FloodSettings;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.proxy.network.Transport;
import io.isthmus.proxy.transport.SelfSignedCertificate;
import io.isthmus.proxy.transport.TlsContext;
import io.isthmus.proxy.transport.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's guards built from the networks' security keys: TLS contexts (a self-signed test
 * certificate generated where asked and missing), digest authenticators, the flood guard, signed
 * Record-Routes (always on: a random key per start) and the trusted sources (the dispatcher's
 * gateways and the networks' {@code trusted} subnets). Reloads ({@code Reloader}) re-read
 * certificates and credentials.
 */
final class EdgeWiring {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeWiring.class);

  private EdgeWiring() {}

  static EdgeSecurity build(IsthmusConfig config, Dispatcher dispatcher) throws IOException {
    Map<String, TlsContext> tls = new HashMap<>();
    Map<String, DigestAuthenticator> auth = new HashMap<>();
    Map<String, FloodSettings> limits = new HashMap<>();
    List<Subnet> trustedSubnets = new ArrayList<>();
    for (NetworkConfig n : config.networks()) {
      var s = n.security();
      trustedSubnets.addAll(s.trusted());
      if (s.tls().isPresent()) {
        TlsSettings t = s.tls().get();
        if (s.selfSigned() && (!Files.exists(t.certificate()) || !Files.exists(t.key()))) {
          List<String> ips =
              n.sockets().stream()
                  .filter(x -> x.transport() == Transport.TLS)
                  .map(x -> x.address().getHostAddress())
                  .toList();
          SelfSignedCertificate.generate(
              t.certificate(), t.key(), "isthmus self-signed test " + n.name(), ips, List.of());
          LOG.warn(
              "TLS on network {}: generated a SELF-SIGNED TEST certificate {} (key {}); peers"
                  + " must be told to trust it, use a real certificate in production"
                  + " (docs/security.md)",
              n.name(),
              t.certificate(),
              t.key());
        }
        tls.put(n.name(), TlsContext.load(n.name(), t));
      }
      if (s.auth().isPresent()) {
        auth.put(n.name(), DigestAuthenticator.load(s.auth().get(), Clock.system()));
      }
      s.limits().ifPresent(l -> limits.put(n.name(), l));
      if (s.mediaFromSdpOnly()
          && config.relay().control()
              != io.isthmus.app.config.RelayConfigSection.Control.IN_PROCESS) {
        LOG.warn(
            "network {}: accept-media-from: sdp is enforced by an Isthmus relay only; rtpengine"
                + " does not know the NG flag sdp-source-only and learns the source as usual",
            n.name());
      }
    }
    TrustedSources trusted = new TrustedSources(dispatcher, trustedSubnets);
    FloodGuard flood = limits.isEmpty() ? null : new FloodGuard(limits, trusted, Clock.system());
    return new EdgeSecurity(tls, auth, flood, RouteSigner.random(), trusted);
  }
}
