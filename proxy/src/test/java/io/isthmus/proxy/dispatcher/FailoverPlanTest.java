package io.isthmus.proxy.dispatcher;

import static io.isthmus.proxy.dispatcher.Fixtures.callId;
import static io.isthmus.proxy.dispatcher.Fixtures.drain;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailoverPlanTest {
  private static final String THREE =
      """
      1 sip:127.0.2.11 0 3
      1 sip:127.0.2.12 0 2
      1 sip:127.0.2.13 0 1
      """;

  @Test
  void offersEveryGatewayOnceFromTheSelectedOneOnThenIsExhausted() {
    Fixtures f = new Fixtures(THREE);
    f.dispatcher.plan(1, Algorithm.ROUND_ROBIN, callId("a")).next(); // moves the cursor to .12

    FailoverPlan plan = f.dispatcher.plan(1, Algorithm.ROUND_ROBIN, callId("b"));

    assertThat(drain(plan)).containsExactly("127.0.2.12", "127.0.2.13", "127.0.2.11");
    assertThat(plan.next()).isEmpty();
    assertThat(plan.current()).isNull();
  }

  @Test
  void skipsAGatewayThatWentDownAfterThePlanWasMade() {
    Fixtures f = new Fixtures(THREE);
    FailoverPlan plan = f.dispatcher.plan(1, Algorithm.PRIORITY, callId("c"));
    assertThat(Fixtures.host(plan.next())).isEqualTo("127.0.2.11");

    f.down("127.0.2.12");

    assertThat(drain(plan)).containsExactly("127.0.2.13");
  }

  @Test
  void failingOverMarksTheGatewayDownSoTheNextCallAvoidsIt() {
    Fixtures f = new Fixtures(THREE);
    FailoverPlan plan = f.dispatcher.plan(1, Algorithm.PRIORITY, callId("c"));
    Gateway first = plan.next().orElseThrow();

    boolean failover = f.dispatcher.onResponse(first, 503);

    assertThat(failover).isTrue();
    assertThat(Fixtures.host(plan.next())).isEqualTo("127.0.2.12");
    assertThat(f.monitor.state(first)).isEqualTo(GatewayState.INACTIVE);
    assertThat(f.first(Algorithm.PRIORITY, callId("d"))).isEqualTo("127.0.2.12");
  }

  @Test
  void noResponseAndTransportErrorsMarkTheGatewayDownToo() {
    Fixtures f = new Fixtures(THREE);

    f.dispatcher.onCallFailure(f.gw("127.0.2.11"), CallFailure.noResponse());
    f.dispatcher.onCallFailure(f.gw("127.0.2.12"), CallFailure.transportError());

    assertThat(drain(f.dispatcher.plan(1, Algorithm.PRIORITY, callId("c"))))
        .containsExactly("127.0.2.13");
    assertThat(f.changes)
        .containsExactly(
            "127.0.2.11 ACTIVE->INACTIVE (no response)",
            "127.0.2.12 ACTIVE->INACTIVE (transport error)");
  }

  @Test
  void anAnswerThatIsNotAFailoverKeepsTheCallOnThatGateway() {
    Fixtures f = new Fixtures(THREE);
    Gateway gw = f.gw("127.0.2.11");

    assertThat(f.dispatcher.onResponse(gw, 486)).isFalse();
    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.ACTIVE);
  }

  @Test
  void unknownOrEmptySetGivesAnEmptyPlan() {
    Fixtures f = new Fixtures(THREE);

    assertThat(f.dispatcher.plan(9, Algorithm.ROUND_ROBIN, callId("c")).next()).isEmpty();
    assertThat(f.dispatcher.plan(9, Algorithm.ROUND_ROBIN, callId("c")).setId()).isEqualTo(-1);
    Dispatcher empty =
        new Dispatcher(
            DispatcherList.EMPTY,
            DispatcherSettings.DEFAULTS,
            new HealthMonitor(HealthSettings.DEFAULTS, (g, a, b, r) -> {}),
            new CallLoad());
    assertThat(empty.plan(1, "c", null, null).next()).isEmpty();
  }

  @Test
  void planUsesTheAlgorithmConfiguredForTheSet() {
    Fixtures f =
        new Fixtures(
            THREE,
            new DispatcherSettings(
                Algorithm.ROUND_ROBIN,
                Map.of(1, Algorithm.PRIORITY),
                DispatcherSettings.DEFAULT_FAILOVER_STATUSES,
                Duration.ofSeconds(2),
                false),
            HealthSettings.DEFAULTS);

    for (int i = 0; i < 3; i++) {
      assertThat(Fixtures.host(f.dispatcher.plan(1, "c" + i, null, null).next()))
          .isEqualTo("127.0.2.11");
    }
  }

  @ParameterizedTest(name = "{0} -> failover {1}")
  @CsvSource({
    "408, true",
    "500, true",
    "502, true",
    "503, true",
    "504, true",
    "599, true",
    "100, false",
    "180, false",
    "200, false",
    "302, false",
    "401, false",
    "404, false",
    "407, false",
    "480, false",
    "486, false",
    "487, false",
    "600, false",
    "603, false",
  })
  void failsOverOn408And5xxOnly(int status, boolean failover) {
    assertThat(new Fixtures(THREE).dispatcher.isFailover(status)).isEqualTo(failover);
  }

  @Test
  void failoverCodesAreConfigurable() {
    Fixtures f =
        new Fixtures(
            THREE,
            new DispatcherSettings(
                Algorithm.ROUND_ROBIN,
                Map.of(),
                StatusSet.parse("code=408;code=503;code=480"),
                Duration.ofSeconds(2),
                false),
            HealthSettings.DEFAULTS);

    assertThat(f.dispatcher.isFailover(480)).isTrue();
    assertThat(f.dispatcher.isFailover(503)).isTrue();
    assertThat(f.dispatcher.isFailover(500)).isFalse();
  }

  @Test
  void defaultNoResponseTimeoutIsOneSecond() {
    assertThat(new Fixtures(THREE).dispatcher.noResponseTimeout()).isEqualTo(Duration.ofSeconds(1));
  }
}
