package io.isthmus.app.admin;

import io.isthmus.proxy.auth.AuthResult;
import io.isthmus.proxy.auth.DigestAuthenticator;
import io.isthmus.proxy.core.EdgeSecurity;
import io.isthmus.proxy.flood.FloodGuard;
import io.isthmus.proxy.transport.TlsContext;
import io.isthmus.proxy.transport.TlsCounters;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/security}: TLS certificates and handshakes, digest authentication outcomes, the
 * flood guard's totals and blocked sources; {@code DELETE /api/security/blocked/{address}} lifts a
 * block ({@code ctl unblock}).
 */
final class SecurityApi {
  record Certificate(String subject, String notAfter) {}

  record Tls(
      Map<String, Certificate> certificates,
      long inboundHandshakes,
      long inboundFailures,
      long outboundHandshakes,
      long outboundFailures) {}

  record Auth(long successes, Map<String, Long> failures) {}

  record Blocked(
      String address,
      String network,
      String why,
      long refused,
      long requests,
      long remainingSeconds) {}

  record Flood(
      long refused,
      long blocks,
      long scanners,
      long connectionsRefused,
      int trackedSources,
      List<Blocked> blocked) {}

  record Security(Tls tls, Map<String, Auth> auth, Flood flood) {}

  record Unblocked(String address, boolean wasBlocked) {}

  private final Running running;

  SecurityApi(Running running) {
    this.running = running;
  }

  Security view() {
    EdgeSecurity edge = running.proxy().security();
    Map<String, Certificate> certs = new TreeMap<>();
    for (Map.Entry<String, TlsContext> e : running.proxy().transport().tlsContexts().entrySet()) {
      var c = e.getValue().certificate();
      certs.put(
          e.getKey(),
          new Certificate(
              c.getSubjectX500Principal().getName(), c.getNotAfter().toInstant().toString()));
    }
    TlsCounters t = running.proxy().transport().tlsCounters();
    Map<String, Auth> auth = new TreeMap<>();
    for (Map.Entry<String, DigestAuthenticator> e : edge.auth().entrySet()) {
      Map<String, Long> failures = new LinkedHashMap<>();
      for (AuthResult.Failure f : AuthResult.Failure.values()) {
        failures.put(label(f), e.getValue().failures(f));
      }
      auth.put(e.getKey(), new Auth(e.getValue().successes(), failures));
    }
    FloodGuard g = edge.flood();
    Flood flood =
        g == null
            ? new Flood(0, 0, 0, 0, 0, List.of())
            : new Flood(
                g.totals().refused(),
                g.totals().blocks(),
                g.totals().scanners(),
                g.totals().connectionsRefused(),
                g.trackedSources(),
                g.blocked().stream()
                    .map(
                        b ->
                            new Blocked(
                                b.address(),
                                b.network(),
                                b.why(),
                                b.refused(),
                                b.requests(),
                                Math.max(1, b.remaining().toSeconds())))
                    .toList());
    return new Security(
        new Tls(
            certs,
            t.inboundHandshakes(),
            t.inboundFailures(),
            t.outboundHandshakes(),
            t.outboundFailures()),
        auth,
        flood);
  }

  Unblocked unblock(String address) throws HttpError {
    InetAddress a;
    try {
      a = InetAddress.ofLiteral(address);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("not an IP address: " + address);
    }
    FloodGuard g = running.proxy().security().flood();
    if (g == null) {
      throw new HttpError(409, "no flood limits configured: nothing is blocked");
    }
    boolean was = g.unblock(a);
    if (!was) {
      throw HttpError.notFound("source " + address + " is not blocked");
    }
    return new Unblocked(address, true);
  }

  static String label(AuthResult.Failure f) {
    return f.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
