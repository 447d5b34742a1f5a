package io.isthmus.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The proxy alone ({@code isthmus proxy}) with an NG node where nothing listens: its first request
 * (the reconcile's {@code list}) meets ICMP port unreachable, and the API, /metrics show the node
 * down with the reason, while the pings keep trying.
 */
class RelayNodesApiTest {
  private static final String CONFIG =
      """
      networks:
        public:
          sip:
            - address: 127.0.1.1
              port: 26460
              transports: [udp]
          media: public/127.0.1.1
          sources: [127.0.1.0/24]
          gateway-set: 1
        private:
          sip:
            - address: 127.0.2.1
              port: 26460
              transports: [udp]
          media: private/127.0.2.1
          sources: [127.0.2.0/24]
          gateway-set: 2
      dispatcher:
        sets:
          1: [sip:127.0.1.11:26470]
          2: [sip:127.0.2.11:26470]
        probing:
          interval: 60s
      relay:
        control: ng
        nodes: [{address: 127.0.0.1:26423, weight: 2}]
        reconcile-interval: 100ms
      admin:
        listen: 127.0.0.1:26480
      """;

  @Test
  void aNodeWhosePortIsClosedIsShownDownWithItsReason(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("isthmus.yaml");
    Files.writeString(file, CONFIG);
    IsthmusConfig config =
        switch (ConfigLoader.load(file)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
        };
    try (Product product = Product.start(config, Product.Roles.PROXY, file);
        HttpClient http = HttpClient.newHttpClient()) {
      String base = product.admin().url();
      JsonMapper json = JsonMapper.builder().build();
      assertThat(AdminFixture.eventually(() -> !product.proxy().relayNodes().getFirst().up()))
          .as("node down after its first list")
          .isTrue();
      JsonNode nodes = json.readTree(get(http, base + "api/relays")).get("nodes");
      assertThat(nodes).hasSize(1);
      JsonNode n = nodes.get(0);
      assertThat(n.get("address").asString()).isEqualTo("/127.0.0.1:26423");
      assertThat(n.get("weight").asInt()).isEqualTo(2);
      assertThat(n.get("state").asString()).isEqualTo("down");
      assertThat(n.get("reason").asString()).contains("unreachable");
      assertThat(n.get("sinceSeconds").isNumber()).isTrue();
      assertThat(n.get("calls").asInt()).isZero();

      String metrics = get(http, base + "metrics");
      assertThat(metrics).contains("isthmus_relay_node_up{node=\"/127.0.0.1:26423\"} 0.0");
      assertThat(metrics).contains("isthmus_relay_node_state_seconds{node=\"/127.0.0.1:26423\"}");
      assertThat(metrics).contains("isthmus_calls_ended_by_relay_total 0.0");
    }
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }
}
