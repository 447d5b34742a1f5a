package io.isthmus.app.admin;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.app.wiring.Product;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The product on its own test ports (SIP 26160, NG 26322, relay 48100-48199, admin 26380), started
 * from a config file in a temp directory so reload tests can rewrite it, and an HTTP client for the
 * admin API.
 */
final class AdminFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final int SIP_PORT = 26160;

  /** A one-stream PCMU offer or answer from a test party at {@code ip:port}. */
  static String sdp(String ip, int port) {
    return "v=0\r\no=ua 1 1 IN IP4 "
        + ip
        + "\r\ns=-\r\nc=IN IP4 "
        + ip
        + "\r\nt=0 0\r\nm=audio "
        + port
        + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
  }

  static final int GW_PORT = 26170;

  static String config(String set2) {
    return """
        networks:
          public:
            sip:
              - address: 127.0.1.1
                port: 26160
                transports: [udp]
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
          private:
            sip:
              - address: 127.0.2.1
                port: 26160
                transports: [udp]
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
        dispatcher:
          sets:
            1: [sip:127.0.1.11:26170]
            2: [%s]
          probing:
            interval: 60s
        relay:
          listen-ng: 127.0.0.1:26322
          port-min: 48100
          port-max: 48199
          delete-delay: 0s
        admin:
          listen: 127.0.0.1:26380
        """
        .formatted(set2);
  }

  static final String TWO_GATEWAYS = "sip:127.0.2.11:26170, sip:127.0.2.12:26170";

  final Path dir;
  final Path file;
  final Product product;
  final HttpClient http = HttpClient.newHttpClient();
  final String base;
  private final JsonMapper json = JsonMapper.builder().build();

  AdminFixture() throws Exception {
    dir = Files.createTempDirectory("isthmus-admin");
    file = dir.resolve("isthmus.yaml");
    Files.writeString(file, config(TWO_GATEWAYS));
    IsthmusConfig config =
        switch (ConfigLoader.load(file)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
        };
    product = Product.start(config, Product.Roles.PROXY_AND_RELAY, file);
    base = product.admin().url();
  }

  record Reply(int status, String body, HttpResponse<String> raw) {}

  Reply send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path.substring(1))).timeout(WAIT);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body(), r);
  }

  Reply get(String path) throws Exception {
    return send("GET", path, null);
  }

  JsonNode getJson(String path) throws Exception {
    Reply r = get(path);
    if (r.status() != 200) {
      throw new AssertionError(path + ": " + r.status() + " " + r.body());
    }
    return json.readTree(r.body());
  }

  JsonNode parse(String body) {
    return json.readTree(body);
  }

  /** Polls {@code condition} until it holds or the deadline passes. */
  static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(10); // a poll interval under a deadline, not a wait for an event
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  @Override
  public void close() throws java.io.IOException {
    product.close();
    http.close();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }
}
