package io.isthmus.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.common.time.Clock;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BInteger;
import io.isthmus.proxy.transaction.TransactionKind;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up warm-up: health waits for it, its calls go through the transaction layer and the
 * relay, it leaves nothing behind, it is bounded.
 */
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

  /** 200 calls through 20 port pairs per address: only if every call gives its ports back. */
  private static final WarmUp.Plan SMALL = new WarmUp.Plan(8, 50, 200, 200, Duration.ofSeconds(60));

  private static IsthmusConfig config(Path dir) throws Exception {
    return config(dir, CONFIG);
  }

  private static IsthmusConfig config(Path dir, String text) throws Exception {
    Path file = dir.resolve("isthmus.yaml");
    Files.writeString(file, text);
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

  private static long managedSessions(RelayCommandHandler relay) throws Exception {
    BDict stats =
        (BDict)
            relay
                .handle(NgRequest.of(BDict.builder().put("command", "statistics").build()))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS)
                .body()
                .get("statistics");
    return ((BInteger) ((BDict) stats.get("totalstatistics")).get("managedsessions")).value();
  }

  private static long relayedPackets(RelayCommandHandler relay) throws Exception {
    BDict stats =
        (BDict)
            relay
                .handle(NgRequest.of(BDict.builder().put("command", "statistics").build()))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS)
                .body()
                .get("statistics");
    return ((BInteger) ((BDict) stats.get("totalstatistics")).get("relayedpackets")).value();
  }

  private static long[] totals(long[][] all, TransactionKind kind) {
    return all[kind.ordinal()];
  }

  @Test
  void healthSaysWarmingUpUntilTheWarmUpIsDoneThenReady(@TempDir Path dir) throws Exception {
    IsthmusConfig config = config(dir);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    WarmUp.Step gated =
        target -> {
          entered.countDown();
          assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
          return new WarmUp(SMALL, target, Clock.system()).run();
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
      product = starting.get(60, TimeUnit.SECONDS);
      HttpResponse<String> ready = get(http, product.admin().url() + "health");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"status\":\"ready\"").contains("\"warmedUp\":true");

      WarmUp.Result result = product.warmUpResult();
      int calls = result.calls();
      assertThat(calls).isGreaterThanOrEqualTo(SMALL.maxCalls());
      assertThat(result.failed()).isZero();
      assertThat(result.answered()).isEqualTo(calls);
      assertThat(result.stop()).isIn(WarmUp.Stop.SETTLED, WarmUp.Stop.CALL_CAP);
      assertThat(result.roundMedians()).hasSizeGreaterThanOrEqualTo(SMALL.maxCalls() / 50);

      // Every call went through the warm-up proxy's transaction layer: one INVITE and one BYE
      // transaction on each side, all ended once drained.
      WarmUp.Drained drained = result.drained().get(60, TimeUnit.SECONDS);
      long[][] tx = drained.transactionTotals();
      for (TransactionKind kind : TransactionKind.values()) {
        assertThat(totals(tx, kind)).as(kind.name()).containsExactly(calls, calls);
      }
      // ... and through the relay: one session per call, created and deleted, with RTP both ways
      // (each echoed packet crossed the relay twice).
      assertThat(managedSessions(product.relay())).isEqualTo(calls);
      assertThat(result.rtpEchoed()).isPositive();
      assertThat(relayedPackets(product.relay())).isGreaterThanOrEqualTo(2 * result.rtpEchoed());

      // Nothing left: no relay session, no port, no call, no socket.
      assertThat(product.relay().relay().callIds()).isEmpty();
      assertThat(product.relay().callCount()).isZero();
      String stats = get(http, product.admin().url() + "api/stats").body();
      assertThat(stats).contains("\"portsInUse\":0").contains("\"sessions\":0");
      assertThat(drained.sockets()).hasSize(4);
      for (InetSocketAddress bound : drained.sockets()) {
        try (DatagramChannel again = DatagramChannel.open()) {
          again.bind(bound); // free again: the warm-up closed it
        }
      }
      // Warm-up calls are not traffic: the API's call list and the real proxy saw none.
      assertThat(get(http, product.admin().url() + "api/calls").body()).contains("\"count\":0");
      // (Its only transactions are the prober's OPTIONS.)
      assertThat(product.proxy().callTotals()).containsExactly(0, 0);
      long[][] real = product.proxy().transactionTotals();
      assertThat(totals(real, TransactionKind.INVITE_SERVER)).containsExactly(0, 0);
      assertThat(totals(real, TransactionKind.INVITE_CLIENT)).containsExactly(0, 0);
    } finally {
      release.countDown();
      if (product == null) {
        product = starting.handle((p, e) -> p).get(60, TimeUnit.SECONDS);
      }
      if (product != null) {
        product.close();
      }
    }
  }

  @Test
  void theDefaultWarmUpEndsSettledOrAtACapWithNothingLeft(@TempDir Path dir) throws Exception {
    // 400 port pairs per address: room for the default 32 calls in flight.
    IsthmusConfig config = config(dir, CONFIG.replace("port-max: 48339", "port-max: 49099"));
    try (Product product = Product.start(config, Product.Roles.PROXY_AND_RELAY, null)) {
      WarmUp.Result r = product.warmUpResult();
      assertThat(r.stop()).isIn(WarmUp.Stop.SETTLED, WarmUp.Stop.CALL_CAP, WarmUp.Stop.TIME_CAP);
      assertThat(r.answered() + r.failed()).isEqualTo(r.calls());
      assertThat(r.failed()).isZero();
      if (r.stop() == WarmUp.Stop.SETTLED) {
        assertThat(r.answered()).isGreaterThanOrEqualTo(WarmUp.Plan.DEFAULT.minCalls());
      }
      assertThat(product.relay().relay().callIds()).isEmpty();
      long[][] tx = r.drained().get(60, TimeUnit.SECONDS).transactionTotals();
      for (long[] kind : tx) {
        assertThat(kind[1]).isEqualTo(kind[0]);
      }
    }
  }

  @Test
  void withoutARelayInProcessOnlyTheSyntheticWarmUpRuns() throws Exception {
    WarmUp.Result r = new WarmUp(SMALL, new WarmUp.Target(null, null, null), Clock.system()).run();
    assertThat(r.stop()).isEqualTo(WarmUp.Stop.NO_RELAY);
    assertThat(r.calls()).isZero();
    assertThat(r.drained()).isCompleted();
  }

  @Test
  void theSyntheticWarmUpStopsAtItsTimeLimit() {
    // A clock that moves 1 ms per reading: a 20 ms limit ends the run after about 20 steps.
    AtomicLong now = new AtomicLong();
    Clock ticking = () -> now.addAndGet(1_000_000);
    SyntheticWarmUp.Plan huge =
        new SyntheticWarmUp.Plan(1_000_000, 1_000_000, Duration.ofMillis(20));
    SyntheticWarmUp.Result r = new SyntheticWarmUp(huge, ticking).run();
    assertThat(r.cutShort()).isTrue();
    assertThat(r.sipMessages()).isBetween(1, 20);
    assertThat(r.bencodeRounds()).isZero();
  }

  @Test
  void aPlanWithoutCallsIsRefused() {
    assertThatThrownBy(() -> new WarmUp.Plan(0, 1, 0, 1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 1");
  }
}
