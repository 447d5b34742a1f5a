package io.isthmus.proxy.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.SipRequest;
import io.isthmus.testkit.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProberTest {
  private static final String TWO =
      """
      1 sip:127.0.2.11 0 2
      1 sip:127.0.2.12 0 1
      """;

  private final FakeClock clock = new FakeClock();

  /** Answers per host: a status, or null to never answer. */
  private final class FakeSender implements OptionsSender {
    final Map<String, Function<Gateway, CompletionStage<Integer>>> behaviour = new HashMap<>();
    final List<String> sent = new ArrayList<>();

    @Override
    public CompletionStage<Integer> send(Gateway gateway, SipRequest options) {
      sent.add(gateway.uri().host());
      return behaviour
          .getOrDefault(gateway.uri().host(), g -> CompletableFuture.completedFuture(200))
          .apply(gateway);
    }

    void answer(String host, int status) {
      behaviour.put(host, g -> CompletableFuture.completedFuture(status));
    }

    void silent(String host) {
      behaviour.put(host, g -> new CompletableFuture<>());
    }

    void answerAfter(String host, int status, Duration delay) {
      behaviour.put(
          host,
          g -> {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            clock.schedule(() -> f.complete(status), delay.toNanos());
            return f;
          });
    }

    int sentTo(String host) {
      return (int) sent.stream().filter(host::equals).count();
    }
  }

  private final FakeSender sender = new FakeSender();

  private Prober prober(Fixtures f) {
    return prober(f, new ProbeSettings(Duration.ofSeconds(10), Duration.ofSeconds(5)));
  }

  private Prober prober(Fixtures f, ProbeSettings settings) {
    return new Prober(
        f.monitor,
        sender,
        new OptionsRequestFactory("127.0.2.1", new SplittableRandom(7)),
        clock,
        clock,
        settings);
  }

  @Test
  void aDownGatewayIsProbedEveryDownIntervalAndALiveOneEveryInterval() {
    Fixtures f = fixtures(TWO, 1, 1, ProbingMode.ALL);
    sender.answer("127.0.2.11", 503); // down from the first round on
    prober(f, ProbeSettings.DEFAULTS).start();

    clock.advance(Duration.ZERO);
    assertThat(f.monitor.state(f.gw("127.0.2.11"))).isEqualTo(GatewayState.INACTIVE);
    clock.advance(Duration.ofMillis(9999));
    // 0.5 s, 1 s, ... 9.5 s: nineteen down rounds after the first full one
    assertThat(sender.sentTo("127.0.2.11")).isEqualTo(1 + 19);
    assertThat(sender.sentTo("127.0.2.12")).isEqualTo(1);
    sender.answer("127.0.2.11", 200); // it comes back
    clock.advance(Duration.ofMillis(1)); // 10 s: the full round, and a down round
    assertThat(sender.sentTo("127.0.2.12")).isEqualTo(2);
    clock.advance(Duration.ofMillis(500));
    assertThat(f.monitor.state(f.gw("127.0.2.11"))).isEqualTo(GatewayState.ACTIVE);
    int at = sender.sentTo("127.0.2.11");
    clock.advance(Duration.ofSeconds(5));
    assertThat(sender.sentTo("127.0.2.11")).as("up again: the full interval").isEqualTo(at);
  }

  @Test
  void withEveryGatewayUpTheProberWakesOncePerIntervalOnly() {
    Fixtures f = fixtures(TWO, 1, 1, ProbingMode.ALL);
    prober(f, ProbeSettings.DEFAULTS).start();

    clock.advance(Duration.ZERO);
    clock.advance(Duration.ofMillis(600));
    // the next full round at 10 s, and no down round: nothing to wake for before then
    assertThat(clock.pendingTasks()).isEqualTo(1);
    clock.advance(Duration.ofMillis(9399));
    assertThat(sender.sentTo("127.0.2.11")).isEqualTo(1);
    assertThat(sender.sentTo("127.0.2.12")).isEqualTo(1);
  }

  @Test
  void aGatewayACallMarkedDownIsProbedWithinTheDownIntervalThenTheRoundsStop() {
    Fixtures f = fixtures(TWO, 1, 1, ProbingMode.ALL);
    prober(f, ProbeSettings.DEFAULTS).start();
    clock.advance(Duration.ZERO);
    clock.advance(Duration.ofSeconds(1));
    assertThat(clock.pendingTasks()).isEqualTo(1);

    f.dispatcher.onCallFailure(f.gw("127.0.2.11"), CallFailure.noResponse());
    assertThat(f.monitor.state(f.gw("127.0.2.11"))).isEqualTo(GatewayState.INACTIVE);
    assertThat(clock.pendingTasks()).as("the full round and a down round").isEqualTo(2);
    clock.advance(Duration.ofMillis(499));
    assertThat(sender.sentTo("127.0.2.11")).isEqualTo(1);
    clock.advance(Duration.ofMillis(1)); // 500 ms after it went down: probed, answered, back
    assertThat(sender.sentTo("127.0.2.11")).isEqualTo(2);
    assertThat(f.monitor.state(f.gw("127.0.2.11"))).isEqualTo(GatewayState.ACTIVE);
    clock.advance(Duration.ofMillis(500)); // one more down round finds none down and stops
    assertThat(clock.pendingTasks()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(sender.sentTo("127.0.2.11")).isEqualTo(2);
    assertThat(sender.sentTo("127.0.2.12")).isEqualTo(1);
  }

  @Test
  void aProbeOfAnInactiveGatewayWaitsAtMostTheDownInterval() {
    Fixtures f =
        fixtures(
            """
            1 sip:127.0.2.11 1
            """,
            1,
            1,
            ProbingMode.ALL);
    sender.silent("127.0.2.11");
    Prober p = prober(f, ProbeSettings.DEFAULTS);
    p.start();

    clock.advance(Duration.ZERO);
    assertThat(p.inFlight()).isEqualTo(1);
    clock.advance(Duration.ofMillis(499));
    assertThat(p.inFlight()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1)); // timed out at 500 ms, not at the 5 s timeout
    assertThat(f.monitor.health(f.gw("127.0.2.11").key()).lastProbeStatus()).isZero();
    clock.advance(Duration.ofMillis(500)); // a down round at 1 s at the latest sends the next
    assertThat(sender.sentTo("127.0.2.11")).isEqualTo(2);
    assertThat(p.inFlight()).isEqualTo(1);
  }

  private static Fixtures fixtures(String list, int failures, int successes, ProbingMode mode) {
    return new Fixtures(
        list,
        DispatcherSettings.DEFAULTS,
        new HealthSettings(failures, successes, StatusSet.NONE, mode));
  }

  @Test
  void probesEveryGatewayAtStartAndThenEveryInterval() {
    Fixtures f = fixtures(TWO, 1, 1, ProbingMode.ALL);
    prober(f).start();

    clock.advance(Duration.ZERO);
    assertThat(sender.sent).containsExactlyInAnyOrder("127.0.2.11", "127.0.2.12");
    clock.advance(Duration.ofSeconds(9));
    assertThat(sender.sent).hasSize(2);
    clock.advance(Duration.ofSeconds(1));
    assertThat(sender.sent).hasSize(4);
    clock.advance(Duration.ofSeconds(30));
    assertThat(sender.sent).hasSize(10);
  }

  @Test
  void aSilentGatewayGoesInactiveAfterTheFailureThresholdOfTimedOutProbes() {
    Fixtures f = fixtures(TWO, 3, 1, ProbingMode.ALL);
    sender.silent("127.0.2.11");
    Gateway gw = f.gw("127.0.2.11");
    prober(f).start();

    clock.advance(Duration.ofMillis(4999));
    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.ACTIVE);
    clock.advance(Duration.ofMillis(1)); // first probe times out at 5 s
    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.PROBING);
    clock.advance(Duration.ofSeconds(10)); // second at 15 s
    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.PROBING);
    clock.advance(Duration.ofSeconds(10)); // third at 25 s

    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.INACTIVE);
    assertThat(f.monitor.state(f.gw("127.0.2.12"))).isEqualTo(GatewayState.ACTIVE);
    assertThat(f.first(Algorithm.PRIORITY, Fixtures.callId("c"))).isEqualTo("127.0.2.12");
  }

  @Test
  void anInactiveGatewayComesBackAfterTheSuccessThreshold() {
    Fixtures f =
        fixtures(
            """
            1 sip:127.0.2.11 1
            """,
            1,
            2,
            ProbingMode.ALL);
    Gateway gw = f.gw("127.0.2.11");
    prober(f).start();

    clock.advance(Duration.ZERO);
    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.INACTIVE);
    clock.advance(Duration.ofSeconds(10));

    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.ACTIVE);
    assertThat(f.changes).containsExactly("127.0.2.11 INACTIVE->ACTIVE (probe answered 200)");
  }

  @Test
  void inactiveOnlyModeSendsNoProbesToActiveGateways() {
    Fixtures f = fixtures(TWO, 1, 1, ProbingMode.INACTIVE_ONLY);
    f.dispatcher.onCallFailure(f.gw("127.0.2.12"), CallFailure.noResponse());
    sender.answer("127.0.2.12", 503);
    prober(f).start();

    clock.advance(Duration.ofSeconds(30));

    assertThat(sender.sentTo("127.0.2.11")).isZero();
    assertThat(sender.sentTo("127.0.2.12")).isEqualTo(4);

    sender.answer("127.0.2.12", 200);
    clock.advance(Duration.ofSeconds(10));
    assertThat(f.monitor.state(f.gw("127.0.2.12"))).isEqualTo(GatewayState.ACTIVE);
    clock.advance(Duration.ofSeconds(20));
    assertThat(sender.sentTo("127.0.2.12")).as("active again: no more probes").isEqualTo(5);
  }

  @Test
  void flaggedModeProbesOnlyFlaggedGatewaysAndThoseThatWentDown() {
    Fixtures f =
        fixtures(
            """
            1 sip:127.0.2.11 8 3
            1 sip:127.0.2.12 0 2
            1 sip:127.0.2.13 0 1
            """,
            1,
            1,
            ProbingMode.FLAGGED);
    f.dispatcher.onCallFailure(f.gw("127.0.2.13"), CallFailure.status(500));
    prober(f).start();

    clock.advance(Duration.ofSeconds(10));

    assertThat(sender.sent)
        .containsExactlyInAnyOrder("127.0.2.11", "127.0.2.13", "127.0.2.11", "127.0.2.13");
    assertThat(f.monitor.state(f.gw("127.0.2.13"))).isEqualTo(GatewayState.ACTIVE);
  }

  @Test
  void disabledAndNoPingGatewaysAreNeverProbed() {
    Fixtures f =
        fixtures(
            """
            1 sip:127.0.2.11 4 3
            1 sip:127.0.2.12 32 2
            1 sip:127.0.2.13 0 1
            """,
            1,
            1,
            ProbingMode.ALL);
    prober(f).start();

    clock.advance(Duration.ofSeconds(60));

    assertThat(sender.sent).containsOnly("127.0.2.13").hasSize(7);
    assertThat(f.monitor.state(f.gw("127.0.2.11"))).isEqualTo(GatewayState.DISABLED);
  }

  @Test
  void recordsTheLatencyOfTheLastProbe() {
    Fixtures f = fixtures(TWO, 1, 1, ProbingMode.ALL);
    sender.answerAfter("127.0.2.11", 200, Duration.ofMillis(30));
    prober(f).start();

    clock.advance(Duration.ofSeconds(1));

    GatewayHealth h = f.monitor.health(f.gw("127.0.2.11").key());
    assertThat(h.lastProbeStatus()).isEqualTo(200);
    assertThat(h.lastProbeLatencyNanos()).isEqualTo(Duration.ofMillis(30).toNanos());
  }

  @Test
  void aReplyAfterTheTimeoutIsIgnoredAndCountsOnce() {
    Fixtures f = fixtures(TWO, 2, 1, ProbingMode.ALL);
    sender.answerAfter("127.0.2.11", 200, Duration.ofSeconds(7));
    Prober prober = prober(f);
    prober.start();

    clock.advance(Duration.ofSeconds(8));

    GatewayHealth h = f.monitor.health(f.gw("127.0.2.11").key());
    assertThat(h.state()).isEqualTo(GatewayState.PROBING);
    assertThat(h.failures()).isEqualTo(1);
    assertThat(h.lastProbeStatus()).isZero();
    assertThat(prober.inFlight()).isZero();
  }

  @Test
  void aSenderThatThrowsCountsAsAFailedProbe() {
    Fixtures f = fixtures(TWO, 1, 1, ProbingMode.ALL);
    sender.behaviour.put(
        "127.0.2.11",
        g -> {
          throw new IllegalStateException("no socket for 127.0.2.11");
        });
    Prober prober = prober(f);
    prober.start();

    clock.advance(Duration.ZERO);

    assertThat(f.monitor.state(f.gw("127.0.2.11"))).isEqualTo(GatewayState.INACTIVE);
    assertThat(prober.inFlight()).isZero();
  }

  @Test
  void aProbeAnsweredWithAnErrorCodeCountsAsAFailure() {
    Fixtures f = fixtures(TWO, 1, 1, ProbingMode.ALL);
    sender.answer("127.0.2.11", 503);
    prober(f).start();

    clock.advance(Duration.ZERO);

    assertThat(f.changes).containsExactly("127.0.2.11 ACTIVE->INACTIVE (probe answered 503)");
  }

  @Test
  void stopEndsTheRounds() {
    Fixtures f = fixtures(TWO, 1, 1, ProbingMode.ALL);
    Prober prober = prober(f);
    prober.start();
    clock.advance(Duration.ofSeconds(1));

    prober.stop();
    clock.advance(Duration.ofSeconds(60));

    assertThat(sender.sent).hasSize(2);
    assertThat(clock.pendingTasks()).isZero();
  }

  @Test
  void probesFollowAReload() {
    Fixtures f = fixtures(TWO, 1, 1, ProbingMode.ALL);
    prober(f).start();
    clock.advance(Duration.ZERO);

    f.dispatcher.reload(Fixtures.parse("1 sip:127.0.2.13\n"));
    clock.advance(Duration.ofSeconds(10));

    assertThat(sender.sent).containsExactlyInAnyOrder("127.0.2.11", "127.0.2.12", "127.0.2.13");
  }
}
