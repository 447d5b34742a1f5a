package io.isthmus.app.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /status/}: the status page, three static files from the classpath ({@code status/}):
 * no build step, and nothing the browser fetches from elsewhere (the Content-Security-Policy says
 * so). Only these files are served; any other path under {@code /status} is 404.
 */
final class StatusPage implements HttpHandler {
  static final String PATH = "/status";

  /** Name to content type; index.html is also the answer for {@code /status/}. */
  private static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "status.js", "text/javascript; charset=utf-8",
          "status.css", "text/css; charset=utf-8");

  /**
   * The page's sources, its API calls and nothing else; no framing (the API behind it changes
   * state, so a foreign page must not overlay it).
   */
  private static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self';"
          + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private final Map<String, byte[]> files = new LinkedHashMap<>();

  /** Reads the files once; a jar without them is a build error, reported at start. */
  StatusPage() {
    for (String name : FILES.keySet()) {
      try (InputStream in = StatusPage.class.getResourceAsStream("/status/" + name)) {
        if (in == null) {
          throw new IllegalStateException("status page file missing from the classpath: " + name);
        }
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        text(exchange, 405, "method " + method + " not allowed here; use GET");
        return;
      }
      if (path.equals(PATH)) {
        // Relative URLs in the page (status.js, ../api/) need the trailing slash.
        exchange.getResponseHeaders().set("Location", PATH + "/");
        exchange.sendResponseHeaders(301, -1);
        return;
      }
      String name = path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : null;
      if (name != null && name.isEmpty()) {
        name = "index.html";
      }
      byte[] body = name == null ? null : files.get(name);
      if (body == null) {
        text(exchange, 404, "no such file: " + path);
        return;
      }
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Type", FILES.get(name));
      headers.set("Cache-Control", "no-cache");
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("Content-Security-Policy", POLICY);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void text(HttpExchange exchange, int status, String message) throws IOException {
    byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
