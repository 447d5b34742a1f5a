package io.isthmus.proxy.core;

import io.isthmus.proxy.auth.DigestAuthenticator;
import io.isthmus.proxy.flood.FloodGuard;
import io.isthmus.proxy.transport.TlsContext;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What guards the proxy's edge, handed to {@link Proxy#start} once: TLS per network, digest
 * authentication per network, flood protection, signed Record-Routes with the dialog checks, and
 * which sources are trusted (gateways known by address): those are never challenged, never rate
 * limited, and may send in-dialog requests and pre-loaded Routes along paths we did not make.
 *
 * @param tls TLS contexts by network name (networks with a {@code tls} socket)
 * @param auth digest authentication by network name (networks whose callers must authenticate)
 * @param flood per-source limits, or null for none
 * @param routes signs our Record-Routes and checks in-dialog Routes; null: no dialog checks
 * @param trusted the trusted sources
 */
public record EdgeSecurity(
    Map<String, TlsContext> tls,
    Map<String, DigestAuthenticator> auth,
    FloodGuard flood,
    RouteSigner routes,
    Predicate<InetAddress> trusted) {

  /** Nothing checked: every source trusted, no TLS, no authentication, no limits. */
  public static final EdgeSecurity NONE =
      new EdgeSecurity(Map.of(), Map.of(), null, null, a -> true);

  public EdgeSecurity {
    tls = Map.copyOf(tls);
    auth = Map.copyOf(auth);
    Objects.requireNonNull(trusted, "trusted");
  }

  /** A copy with another route signer (null: dialog checks off). */
  public EdgeSecurity withRoutes(RouteSigner signer) {
    return new EdgeSecurity(tls, auth, flood, signer, trusted);
  }
}
