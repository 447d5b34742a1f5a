package io.isthmus.app.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.net.NgClient;
import io.isthmus.ng.net.NgClientConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * rtpengine's operator interfaces on {@code isthmus relay}, driven by rtpengine's own client: the
 * Debian {@code rtpengine-ctl} (package rtpengine-utils) against the CLI port, and an HTTP client
 * scraping {@code /metrics} as Prometheus does.
 */
class OperatorInterfacesTest {
  private static final String CALL_ID = "operator-1";

  private static RelayRunner start() throws Exception {
    RelayOptions options = new RelayOptions();
    new CommandLine(options)
        .parseArgs(
            "--interface=public/127.0.1.1",
            "--interface=private/127.0.2.1",
            "--listen-ng=127.0.0.1:0",
            "--listen-cli=127.0.0.1:0",
            "--listen-http=127.0.0.1:0",
            "--port-min=46100",
            "--port-max=46199",
            "--delete-delay=0");
    return RelayRunner.start(options.resolve(), options.resolveListeners());
  }

  private static NgResponse offer(NgClient client) throws Exception {
    BDict offer =
        BDict.builder()
            .put("command", "offer")
            .put("call-id", CALL_ID)
            .put("from-tag", "a")
            .putStrings("direction", List.of("public", "private"))
            .put(
                "sdp",
                "v=0\r\no=- 1 1 IN IP4 127.0.1.100\r\ns=-\r\nc=IN IP4 127.0.1.100\r\n"
                    + "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\n")
            .build();
    return client.send(offer).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Runs rtpengine-ctl against the relay's CLI port; its standard output. */
  private static String ctl(RelayRunner runner, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("rtpengine-ctl", "-ip", "127.0.0.1", "-port"));
    args.add(Integer.toString(runner.cliAddress().getPort()));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("rtpengine-ctl finished").isTrue();
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void rtpengineCtlListsCountsAndTerminatesSessions() throws Exception {
    try (RelayRunner runner = start();
        NgClient client = NgClient.start(NgClientConfig.of(runner.ngAddress()))) {
      assertThat(ctl(runner, "list", "sessions", "all"))
          .isEqualTo("No sessions on this media relay.\n");
      assertThat(offer(client).result()).isEqualTo("ok");

      assertThat(ctl(runner, "list", "numsessions"))
          .isEqualTo(
              "Current sessions own: 1\nCurrent sessions foreign: 0\nCurrent sessions total: 1\n"
                  + "Current transcoded media: 0\nCurrent sessions ipv4 only media: 1\n"
                  + "Current sessions ipv6 only media: 0\nCurrent sessions ip mixed  media: 0\n");
      String line = ctl(runner, "list", "sessions", "all");
      assertThat(line)
          .matches(
              "callid: {51}operator-1 \\| deletionmark:  no \\| created: +\\d+ \\|"
                  + " proxy:127\\.0\\.0\\.1:\\d+ \\| redis_keyspace:0 \\| foreign:no\\n");
      String detail = ctl(runner, "list", "sessions", CALL_ID);
      assertThat(detail)
          .contains("\ncallid: operator-1\ndeletionmark: no\n")
          .contains("--- Tag 'a', type: FROM_TAG, label '', branch '', callduration ")
          .contains("--- Tag '', type: UNKNOWN, label '', branch '', callduration ")
          .contains("---     subscribed to 'a'\n")
          .contains("------ Media #1 (audio over RTP/AVP) using unknown codec\n")
          .containsPattern("-------- Port +127\\.0\\.1\\.1:461\\d\\d <> +127\\.0\\.1\\.100:4000 ,");

      String totals = ctl(runner, "list", "totals");
      assertThat(totals)
          .startsWith("\nStatistics over currently running sessions:\n\n")
          .contains(" Owned sessions                                  :1\n")
          .contains(" Total managed sessions                          :0\n")
          .contains("Control statistics:");

      assertThat(ctl(runner, "terminate", CALL_ID))
          .isEqualTo("\nCall Id (operator-1) successfully terminated by operator.\n\n");
      assertThat(runner.handler().callCount()).isZero();
      assertThat(ctl(runner, "terminate", CALL_ID))
          .isEqualTo("\nCall Id not found (operator-1).\n\n");
      assertThat(ctl(runner, "list", "totals"))
          .contains(" Total managed sessions                          :1\n")
          .contains(" Total forced terminated sessions                :1\n")
          .contains(" Total regular terminated sessions               :0\n");
      assertThat(ctl(runner, "list", "frobnicate"))
          .isEqualTo("Unknown or incomplete command::frobnicate\n");
    }
  }

  @Test
  void metricsAreScrapedInPrometheusFormat() throws Exception {
    try (RelayRunner runner = start();
        NgClient client = NgClient.start(NgClientConfig.of(runner.ngAddress()))) {
      assertThat(offer(client).result()).isEqualTo("ok");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = "http://127.0.0.1:" + runner.httpAddress().getPort();
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain");
      // One call offered: a port pair on each interface (RTP and RTCP, counted singly).
      assertThat(metrics.body())
          .contains("# HELP rtpengine_sessions Owned sessions\n# TYPE rtpengine_sessions gauge\n")
          .contains("rtpengine_sessions{type=\"own\"} 1\n")
          .contains("rtpengine_sessions_total 0\n")
          .contains("rtpengine_ports_used{name=\"public\",address=\"127.0.1.1\"} 2\n")
          .contains("rtpengine_ports_used{name=\"private\",address=\"127.0.2.1\"} 2\n")
          .contains("rtpengine_ports_free{name=\"public\",address=\"127.0.1.1\"} 98\n")
          .contains("rtpengine_ports{name=\"private\",address=\"127.0.2.1\"} 100\n")
          .containsPattern(
              "rtpengine_requests_total\\{proxy=\"127\\.0\\.0\\.1\",request=\"offer\"\\} 1\\n");
      HttpResponse<String> ping =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/ping")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ping.body()).isEqualTo("pong\n");
      HttpResponse<String> cli =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/cli/list+numsessions")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(cli.body()).startsWith("Current sessions own: 1\n");
    }
  }
}
