package io.isthmus.app.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.isthmus.app.config.ConfigError;
import io.isthmus.common.time.Clock;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
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
  private final PrometheusScrapeHandler scrape;
  private final CallsApi calls;
  private final GatewaysApi gateways;
  private final RelaysApi relays;
  private final StatsApi stats;
  private final Clock clock;

  AdminRouter(Running running, Reloader reloader, Clock clock) {
    this.running = running;
    this.reloader = reloader;
    this.clock = clock;
    this.scrape = new PrometheusScrapeHandler(AdminMetrics.registry(running));
    this.calls = new CallsApi(running);
    this.gateways = new GatewaysApi(running);
    this.relays = new RelaysApi(running);
    this.stats = new StatsApi(running, clock.nanos());
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
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
        send(exchange, 200, new Index("isthmus", ENDPOINTS));
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
          "POST /api/reload");

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
        exact(p, 1);
        allow(m, "GET");
        send(exchange, 200, relays.list());
      }
      case "reload" -> {
        exact(p, 1);
        allow(m, "POST");
        reload(exchange);
      }
      default -> throw HttpError.notFound("no such path: " + exchange.getRequestURI().getPath());
    }
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
