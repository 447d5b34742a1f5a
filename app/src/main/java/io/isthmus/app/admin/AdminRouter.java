package io.isthmus.app.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.isthmus.app.config.ConfigError;
import io.isthmus.common.time.Clock;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every path of the admin endpoint: a method and a path pattern to one handler. Unknown paths are
 * 404, a known path with another method 405 (with {@code Allow}); refusals and failures answer
 * {@code {"error": "..."}}.
 */
final class AdminRouter implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(AdminRouter.class);

  record Health(String status, boolean sip, boolean ng, boolean warmedUp) {}

  record Index(String name, List<String> endpoints) {}

  record Error(String error) {}

  record InvalidConfig(String error, String file, List<ConfigError> errors) {}

  record Reloaded(String result, String file, List<String> applied, List<String> restartRequired) {}

  private final Running running;
  private final Reloader reloader;
  private final PrometheusRegistry registry;
  private final PrometheusScrapeHandler scrape;
  private final CallsApi calls;
  private final GatewaysApi gateways;
  private final RelaysApi relays;
  private final StatsApi stats;
  private final SecurityApi security;
  private final Clock clock;

  private String token; // null: no token configured
  private boolean tokenForReads;

  /** Every state change (and every read but /health when {@code forReads}) needs {@code token}. */
  AdminRouter withToken(String bearer, boolean forReads) {
    this.token = bearer;
    this.tokenForReads = forReads;
    return this;
  }

  AdminRouter(Running running, Reloader reloader, Clock clock) {
    this.running = running;
    this.reloader = reloader;
    this.clock = clock;
    this.registry = AdminMetrics.registry(running);
    this.scrape = new PrometheusScrapeHandler(registry);
    this.calls = new CallsApi(running);
    this.gateways = new GatewaysApi(running);
    this.relays = new RelaysApi(running);
    this.stats = new StatsApi(running, clock.nanos());
    this.security = new SecurityApi(running);
  }

  /** The registry /metrics serves; parts started after the endpoint add their metrics to it. */
  PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        authorize(exchange);
        route(exchange, new Request(exchange));
      } catch (HttpError e) {
        if (e.allow() != null) {
          exchange.getResponseHeaders().set("Allow", e.allow());
        }
        send(exchange, e.status(), new Error(e.getMessage()));
      } catch (RuntimeException e) {
        LOG.warn("admin {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        send(exchange, 500, new Error("internal error: " + e));
      }
    }
  }

  private void route(HttpExchange exchange, Request r) throws IOException, HttpError {
    List<String> p = r.segments();
    String m = r.method();
    switch (p.size()) {
      case 0 -> {
        allow(m, "GET");
        index(exchange);
      }
      case 1 -> {
        switch (p.get(0)) {
          case "health" -> {
            allow(m, "GET");
            health(exchange);
          }
          case "metrics" -> {
            allow(m, "GET");
            scrape.handleRequest(new ScrapeExchange(exchange));
          }
          default ->
              throw HttpError.notFound("no such path: " + exchange.getRequestURI().getPath());
        }
      }
      default -> {
        if (!p.get(0).equals("api")) {
          throw HttpError.notFound("no such path: " + exchange.getRequestURI().getPath());
        }
        api(exchange, r, p.subList(1, p.size()), m);
      }
    }
  }

  private static final List<String> ENDPOINTS =
      List.of(
          "GET /health",
          "GET /metrics",
          "GET /api/stats",
          "GET /api/calls",
          "DELETE /api/calls/{call-id}",
          "PUT /api/calls/{call-id}/trace",
          "GET /api/gateways",
          "PUT /api/gateways/{set}/{uri}",
          "GET /api/relays",
          "PUT /api/relays/{node}/drain",
          "DELETE /api/relays/{node}/drain",
          "POST /api/reload",
          "GET /api/security",
          "DELETE /api/security/blocked/{address}");

  private void api(HttpExchange exchange, Request r, List<String> p, String m)
      throws IOException, HttpError {
    String what = p.get(0);
    switch (what) {
      case "stats" -> {
        exact(p, 1);
        allow(m, "GET");
        send(exchange, 200, stats.stats(clock.nanos()));
      }
      case "calls" -> {
        if (p.size() == 1) {
          allow(m, "GET");
          send(exchange, 200, calls.list());
        } else if (p.size() == 2) {
          allow(m, "DELETE");
          send(exchange, 200, calls.terminate(p.get(1)));
        } else if (p.size() == 3 && p.get(2).equals("trace")) {
          allow(m, "PUT");
          send(exchange, 200, calls.trace(p.get(1), Json.readObject(r.body())));
        } else {
          throw HttpError.notFound("no such path: " + exchange.getRequestURI().getPath());
        }
      }
      case "gateways" -> {
        if (p.size() == 1) {
          allow(m, "GET");
          send(exchange, 200, gateways.list());
        } else if (p.size() == 3) {
          allow(m, "PUT");
          send(exchange, 200, gateways.setState(p.get(1), p.get(2), Json.readObject(r.body())));
        } else {
          throw HttpError.notFound("no such path: " + exchange.getRequestURI().getPath());
        }
      }
      case "relays" -> {
        if (p.size() == 1) {
          allow(m, "GET");
          send(exchange, 200, relays.list());
        } else if (p.size() == 3 && p.get(2).equals("drain")) {
          if (!m.equals("PUT") && !m.equals("DELETE")) {
            throw HttpError.methodNotAllowed(m, "PUT, DELETE");
          }
          send(exchange, 200, relays.drain(p.get(1), m.equals("PUT")));
        } else {
          throw HttpError.notFound("no such path: " + exchange.getRequestURI().getPath());
        }
      }
      case "reload" -> {
        exact(p, 1);
        allow(m, "POST");
        reload(exchange);
      }
      case "security" -> {
        if (p.size() == 1) {
          allow(m, "GET");
          send(exchange, 200, security.view());
        } else if (p.size() == 3 && p.get(1).equals("blocked")) {
          allow(m, "DELETE");
          send(exchange, 200, security.unblock(p.get(2)));
        } else {
          throw HttpError.notFound("no such path: " + exchange.getRequestURI().getPath());
        }
      }
      default -> throw HttpError.notFound("no such path: " + exchange.getRequestURI().getPath());
    }
  }

  /** The bearer token check: 401 without it, 403 with a wrong one (RFC 6750 §3). */
  private void authorize(HttpExchange exchange) throws HttpError {
    String t = token;
    if (t == null) {
      return;
    }
    String m = exchange.getRequestMethod();
    boolean read = m.equals("GET") || m.equals("HEAD");
    if (read && (!tokenForReads || exchange.getRequestURI().getPath().equals("/health"))) {
      return;
    }
    String h = exchange.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"isthmus\"");
      throw new HttpError(401, "a bearer token is required (Authorization: Bearer TOKEN)");
    }
    byte[] given = h.substring(7).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (!java.security.MessageDigest.isEqual(
        given, t.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      LOG.info(
          "admin {} {} refused: wrong bearer token from {}",
          m,
          exchange.getRequestURI().getPath(),
          exchange.getRemoteAddress());
      throw new HttpError(403, "wrong bearer token");
    }
  }

  /**
   * {@code /}: the URL printed at start. A browser goes on to the status page; a client whose
   * Accept asks for JSON (and not for HTML before it) gets the index of the API.
   */
  private static void index(HttpExchange exchange) throws IOException {
    if (wantsJson(exchange.getRequestHeaders().getFirst("Accept"))) {
      send(exchange, 200, new Index("isthmus", ENDPOINTS));
      return;
    }
    exchange.getResponseHeaders().set("Location", StatusPage.PATH + "/");
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    byte[] body = ("the status page is at " + StatusPage.PATH + "/\n").getBytes(UTF_8);
    exchange.sendResponseHeaders(303, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Whether an Accept header names application/json (or a +json type) before any HTML. */
  static boolean wantsJson(String accept) {
    if (accept == null) {
      return false;
    }
    String a = accept.toLowerCase(java.util.Locale.ROOT);
    int json = a.indexOf("json");
    int html = a.indexOf("text/html");
    return json >= 0 && (html < 0 || json < html);
  }

  private void health(HttpExchange exchange) throws IOException {
    boolean sip = running.proxy().transport().ready();
    boolean ng = running.ngServer() == null || running.ngServer().localAddress() != null;
    boolean warm = running.readiness().warmedUp();
    // Sockets first: while one is unbound the process is starting, whatever the warm-up did.
    String status = !(sip && ng) ? "starting" : warm ? "ready" : "warming-up";
    send(exchange, status.equals("ready") ? 200 : 503, new Health(status, sip, ng, warm));
  }

  private void reload(HttpExchange exchange) throws IOException, HttpError {
    if (reloader.file() == null) {
      throw new HttpError(409, "started without a config file: nothing to reload");
    }
    Reloader.Outcome o = reloader.reload();
    if (!o.valid()) {
      send(
          exchange,
          422,
          new InvalidConfig(
              "invalid config; the running config is unchanged", o.file(), o.errors()));
      return;
    }
    send(exchange, 200, new Reloaded("reloaded", o.file(), o.applied(), o.restartRequired()));
  }

  private static void exact(List<String> p, int n) throws HttpError {
    if (p.size() != n) {
      throw HttpError.notFound("no such path: /api/" + String.join("/", p));
    }
  }

  private static void allow(String method, String allowed) throws HttpError {
    if (!method.equals(allowed)) {
      throw HttpError.methodNotAllowed(method, allowed);
    }
  }

  static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = Json.write(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
