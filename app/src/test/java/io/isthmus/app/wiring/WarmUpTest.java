package io.isthmus.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.common.time.Clock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up warm-up: health waits for it, it leaves nothing in the relay, it is bounded. */
class WarmUpTest {
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
        listen-ng: 127.0.0.1:26422
        port-min: 48300
        port-max: 48339
      admin:
        listen: 127.0.0.1:26480
      """;

  private static final WarmUp.Plan SMALL = new WarmUp.Plan(500, 50, 500, Duration.ofSeconds(30));

  private static IsthmusConfig config(Path dir) throws Exception {
    Path file = dir.resolve("isthmus.yaml");
    Files.writeString(file, CONFIG);
    return switch (ConfigLoader.load(file)) {
      case ConfigResult.Valid v -> v.config();
      case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
    };
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthSaysWarmingUpUntilTheWarmUpIsDoneThenReady(@TempDir Path dir) throws Exception {
    IsthmusConfig config = config(dir);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    WarmUp.Step gated =
        (relay, direction) -> {
          entered.countDown();
          assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
          return new WarmUp(SMALL, relay, direction, Clock.system()).run();
        };
    CompletableFuture<Product> starting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Product.start(config, Product.Roles.PROXY_AND_RELAY, null, gated);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Product product = null;
    try (HttpClient http = HttpClient.newHttpClient()) {
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      // The sockets are bound and the admin endpoint answers, but the warm-up has not run.
      HttpResponse<String> warming = get(http, "http://127.0.0.1:26480/health");
      assertThat(warming.statusCode()).isEqualTo(503);
      assertThat(warming.body())
          .contains("\"status\":\"warming-up\"")
          .contains("\"sip\":true")
          .contains("\"ng\":true")
          .contains("\"warmedUp\":false");
      assertThat(starting).isNotDone();

      release.countDown();
      product = starting.get(30, TimeUnit.SECONDS);
      HttpResponse<String> ready = get(http, product.admin().url() + "health");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"status\":\"ready\"").contains("\"warmedUp\":true");

      WarmUp.Result result = product.warmUpResult();
      assertThat(result.sipMessages()).isEqualTo(500);
      assertThat(result.ngCycles()).isEqualTo(50);
      assertThat(result.bencodeRounds()).isEqualTo(500);
      assertThat(result.cutShort()).isFalse();
      // 50 cycles through a 40-port range: only possible if each cycle gave its ports back.
      assertThat(product.relay().relay().callIds()).isEmpty();
      assertThat(product.relay().callCount()).isZero();
      String stats = get(http, product.admin().url() + "api/stats").body();
      assertThat(stats).contains("\"portsInUse\":0").contains("\"sessions\":0");
      // Warm-up calls are not traffic: the API's call total stays at zero.
      assertThat(get(http, product.admin().url() + "api/calls").body()).contains("\"count\":0");
    } finally {
      release.countDown();
      if (product == null) {
        product = starting.handle((p, e) -> p).get(30, TimeUnit.SECONDS);
      }
      if (product != null) {
        product.close();
      }
    }
  }

  @Test
  void theDefaultWarmUpRunsItsWholePlanWithinItsTimeLimit(@TempDir Path dir) throws Exception {
    try (Product product = Product.start(config(dir), Product.Roles.PROXY_AND_RELAY, null)) {
      WarmUp.Result r = product.warmUpResult();
      assertThat(r.took()).isLessThanOrEqualTo(WarmUp.Plan.DEFAULT.limit().plusMillis(500));
      if (!r.cutShort()) {
        assertThat(r.sipMessages()).isEqualTo(WarmUp.Plan.DEFAULT.sipMessages());
        assertThat(r.ngCycles()).isEqualTo(WarmUp.Plan.DEFAULT.ngCycles());
      }
      assertThat(r.sipMessages() + r.ngCycles() + r.bencodeRounds()).isPositive();
      assertThat(product.relay().relay().callIds()).isEmpty();
    }
  }

  @Test
  void theTimeLimitStopsTheWarmUpBeforeItsCounts() throws Exception {
    // A clock that moves 1 ms per reading: a 20 ms limit ends the run after about 20 steps.
    AtomicLong now = new AtomicLong();
    Clock ticking = () -> now.addAndGet(1_000_000);
    WarmUp.Plan huge = new WarmUp.Plan(1_000_000, 0, 1_000_000, Duration.ofMillis(20));
    WarmUp.Result r = new WarmUp(huge, null, List.of(), ticking).run();
    assertThat(r.cutShort()).isTrue();
    assertThat(r.sipMessages()).isBetween(1, 20);
    assertThat(r.bencodeRounds()).isZero();
    assertThat(r.ngCycles()).isZero();
  }

  @Test
  void aPlanWithNegativeCountsIsRefused() {
    assertThatThrownBy(() -> new WarmUp.Plan(-1, 0, 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 0");
  }
}
