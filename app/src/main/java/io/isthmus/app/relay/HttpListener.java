package io.isthmus.app.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.isthmus.media.control.RelayOperator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rtpengine's HTTP listener ({@code listen-http}): {@code GET /ping} ("pong"), {@code GET /metrics}
 * (Prometheus text, rtpengine's metric names) and {@code GET /cli/COMMAND} (the CLI, with {@code +}
 * or {@code %20} between words). The JDK's HTTP server on one thread of its own.
 */
public final class HttpListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpListener.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpListener(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds {@code address} (port 0: any) and starts serving. */
  public static HttpListener start(InetSocketAddress address, RelayOperator relay, RelayCli cli)
      throws IOException {
    return start(address, relay, cli, () -> "");
  }

  /** The same, with {@code moreMetrics} (e.g. HA's) appended to /metrics. */
  public static HttpListener start(
      InetSocketAddress address,
      RelayOperator relay,
      RelayCli cli,
      java.util.function.Supplier<String> moreMetrics)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("relay-http").unstarted(r));
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!exchange.getRequestMethod().equals("GET")) {
              reply(exchange, 405, "method not allowed\n");
            } else if (path.equals("/ping")) {
              reply(exchange, 200, "pong\n");
            } else if (path.equals("/metrics")) {
              reply(exchange, 200, relay.statistics().toPrometheus() + moreMetrics.get());
            } else if (path.startsWith("/cli/")) {
              String cmd =
                  URLDecoder.decode(path.substring("/cli/".length()), StandardCharsets.UTF_8);
              reply(exchange, 200, cli.handle(cmd));
            } else {
              reply(exchange, 404, "not found\n");
            }
          } catch (RuntimeException e) {
            log.error("HTTP request failed", e);
          }
        });
    server.start();
    return new HttpListener(server, executor);
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The address bound. */
  public InetSocketAddress localAddress() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
