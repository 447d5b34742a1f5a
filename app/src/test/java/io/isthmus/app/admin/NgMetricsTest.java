package io.isthmus.app.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgCommandHandler;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.testkit.FakeClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class NgMetricsTest {
  private final FakeClock clock = new FakeClock();
  private final NgMetrics metrics = new NgMetrics(clock);

  @Test
  void countsEachCommandByResultWithItsLatency() throws Exception {
    CompletableFuture<NgResponse> pending = new CompletableFuture<>();
    NgCommandHandler relay =
        req ->
            switch (req.command()) {
              case PING -> CompletableFuture.completedFuture(NgResponse.pong());
              case DELETE -> CompletableFuture.completedFuture(NgResponse.error("Unknown call-id"));
              default -> pending;
            };
    NgCommandHandler counted = metrics.wrapHandler(relay);

    counted.handle(NgRequest.of(BDict.builder().put("command", "ping").build()));
    counted.handle(
        NgRequest.of(BDict.builder().put("command", "delete").put("call-id", "c1").build()));
    CompletionStage<NgResponse> query =
        counted.handle(
            NgRequest.of(BDict.builder().put("command", "query").put("call-id", "c1").build()));
    clock.advance(Duration.ofMillis(3));
    pending.complete(NgResponse.ok());
    query.toCompletableFuture().get();

    var s = metrics.snapshot();
    assertThat(s.get("ping").ok()).isEqualTo(1);
    assertThat(s.get("delete").error()).isEqualTo(1);
    assertThat(s.get("query").ok()).isEqualTo(1);
    assertThat(s.get("query").seconds()).isEqualTo(0.003);
    assertThat(metrics.total()).isEqualTo(3);
  }

  @Test
  void countsSentCommandsByTheirDictionaryAndFailedStagesAsErrors() {
    Function<BDict, CompletionStage<NgResponse>> sender =
        dict -> CompletableFuture.failedFuture(new java.io.IOException("timeout"));
    metrics.wrapSender(sender).apply(BDict.builder().put("command", "offer").build());

    assertThat(metrics.snapshot().get("offer").error()).isEqualTo(1);
    assertThat(metrics.snapshot().get("offer").ok()).isZero();
  }
}
