package io.isthmus.app.ctl;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin JSON API over {@link HttpClient}: one request, one {@link Reply}. Anything that is not
 * an HTTP answer (refused, reset, timed out) is {@link Unreachable}, which {@code ctl} turns into
 * exit code 3, apart from the API's own refusals (exit code 1).
 */
final class AdminClient implements AutoCloseable {
  /** Connecting on loopback takes microseconds; a few seconds means nobody is there. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /** A reload re-reads and validates the config; it still answers well within this. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One answer of the endpoint.
   *
   * @param json the body parsed, or null when it was not JSON
   */
  record Reply(int status, String body, JsonNode json) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The API's {@code {"error": "..."}} message, else the status and the start of the body. */
    String error() {
      if (json != null && json.path("error").isString()) {
        return json.path("error").stringValue();
      }
      String text = body.strip();
      return "HTTP " + status + (text.isEmpty() ? "" : ": " + abbreviate(text));
    }

    private static String abbreviate(String text) {
      return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
  }

  /** No HTTP answer from the endpoint. */
  static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final URI base;
  private final HttpClient http;
  private java.nio.file.Path tokenFile;

  /** Sends the admin token of {@code file} (unless ISTHMUS_ADMIN_TOKEN is set). */
  AdminClient withTokenFile(java.nio.file.Path file) {
    this.tokenFile = file;
    return this;
  }

  AdminClient(URI base) {
    this(base, null);
  }

  /**
   * @param trusted over HTTPS, trust exactly this PEM certificate (the config's admin.tls), else
   *     the JDK's trust store
   */
  AdminClient(URI base, java.nio.file.Path trusted) {
    this.base = base;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (trusted != null && "https".equals(base.getScheme())) {
      b.sslContext(trusting(trusted));
    }
    this.http = b.build();
  }

  private static javax.net.ssl.SSLContext trusting(java.nio.file.Path pem) {
    try {
      java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (var c : io.isthmus.proxy.transport.PemFiles.certificates(pem)) {
        store.setCertificateEntry("admin-" + i++, c);
      }
      var tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException("admin.tls certificate " + pem + ": " + e.getMessage());
    }
  }

  URI base() {
    return base;
  }

  Reply get(String path) throws Unreachable {
    return send("GET", path, null);
  }

  Reply put(String path, String json) throws Unreachable {
    return send("PUT", path, json);
  }

  Reply post(String path) throws Unreachable {
    return send("POST", path, null);
  }

  Reply delete(String path) throws Unreachable {
    return send("DELETE", path, null);
  }

  /**
   * Sends {@code method} to {@code path} (relative to the base, already encoded, no leading '/').
   */
  Reply send(String method, String path, String json) throws Unreachable {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json");
    String token = System.getenv("ISTHMUS_ADMIN_TOKEN");
    if (token == null && tokenFile != null) {
      try {
        token = java.nio.file.Files.readString(tokenFile).strip();
      } catch (IOException e) {
        throw new Unreachable("cannot read admin token file " + tokenFile + ": " + e, e);
      }
    }
    if (token != null && !token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new Unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
    } catch (HttpTimeoutException e) {
      throw new Unreachable("no answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw new Unreachable("connection refused", e);
    } catch (IOException e) {
      throw new Unreachable(e.getMessage() != null ? e.getMessage() : e.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted", e);
    }
    return new Reply(response.statusCode(), response.body(), parse(response.body()));
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }

  /**
   * A path segment percent-encoded (RFC 3986 §2.1, §3.3): Call-IDs and gateway URIs carry '@', ':'
   * and ';', which must not split or end the path.
   */
  static String segment(String value) {
    StringBuilder sb = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    http.close();
  }
}
