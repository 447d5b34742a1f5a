package io.isthmus.proxy.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {
  private static final String TWO =
      """
      1 sip:127.0.2.11 0 2
      1 sip:127.0.2.12 0 1
      """;
  private static final Duration MS = Duration.ofMillis(1);

  private static Fixtures withThresholds(int failures, int successes, StatusSet accepted) {
    return new Fixtures(
        TWO,
        DispatcherSettings.DEFAULTS,
        new HealthSettings(failures, successes, accepted, ProbingMode.ALL));
  }

  @Test
  void goesProbingThenInactiveAfterTheFailureThreshold() {
    Fixtures f = withThresholds(3, 1, StatusSet.NONE);
    Gateway gw = f.gw("127.0.2.11");

    f.monitor.onProbeResult(gw, ProbeResult.noReply(MS));
    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.PROBING);
    f.monitor.onProbeResult(gw, ProbeResult.reply(500, MS));
    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.PROBING);
    assertThat(f.first(Algorithm.PRIORITY, Fixtures.callId("c")))
        .as("a probing gateway is still selected")
        .isEqualTo("127.0.2.11");
    f.monitor.onProbeResult(gw, ProbeResult.noReply(MS));

    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.INACTIVE);
    assertThat(f.first(Algorithm.PRIORITY, Fixtures.callId("c"))).isEqualTo("127.0.2.12");
  }

  @Test
  void aSuccessfulProbeResetsTheFailureCount() {
    Fixtures f = withThresholds(2, 1, StatusSet.NONE);
    Gateway gw = f.gw("127.0.2.11");

    f.monitor.onProbeResult(gw, ProbeResult.noReply(MS));
    f.monitor.onProbeResult(gw, ProbeResult.reply(200, MS));
    f.monitor.onProbeResult(gw, ProbeResult.noReply(MS));

    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.PROBING);
  }

  @Test
  void comesBackActiveOnlyAfterTheSuccessThresholdInARow() {
    Fixtures f = withThresholds(1, 3, StatusSet.NONE);
    Gateway gw = f.gw("127.0.2.11");
    f.monitor.onProbeResult(gw, ProbeResult.noReply(MS));
    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.INACTIVE);

    f.monitor.onProbeResult(gw, ProbeResult.reply(200, MS));
    f.monitor.onProbeResult(gw, ProbeResult.reply(200, MS));
    f.monitor.onProbeResult(gw, ProbeResult.noReply(MS)); // starts the count over
    f.monitor.onProbeResult(gw, ProbeResult.reply(200, MS));
    f.monitor.onProbeResult(gw, ProbeResult.reply(202, MS));
    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.INACTIVE);
    f.monitor.onProbeResult(gw, ProbeResult.reply(200, MS));

    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.ACTIVE);
    assertThat(f.changes)
        .containsExactly(
            "127.0.2.11 ACTIVE->INACTIVE (probe not answered)",
            "127.0.2.11 INACTIVE->ACTIVE (probe answered 200)");
  }

  @Test
  void acceptsAny2xxAndTheConfiguredExtraCodes() {
    Fixtures f = withThresholds(1, 1, StatusSet.parse("code=404;class=3"));
    Gateway gw = f.gw("127.0.2.11");

    for (int status : new int[] {200, 204, 299, 404, 302}) {
      f.monitor.onProbeResult(gw, ProbeResult.reply(status, MS));
      assertThat(f.monitor.state(gw)).as("after %d", status).isEqualTo(GatewayState.ACTIVE);
    }
    f.monitor.onProbeResult(gw, ProbeResult.reply(403, MS));
    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.INACTIVE);
  }

  @Test
  void aFailedCallMarksTheGatewayInactiveAtOnceWhateverTheThreshold() {
    Fixtures f = withThresholds(5, 1, StatusSet.NONE);
    Gateway gw = f.gw("127.0.2.11");

    f.monitor.onCallFailure(gw, CallFailure.status(500));

    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.INACTIVE);
    assertThat(f.monitor.health(gw.key()).probingFlag()).isTrue();
    assertThat(f.changes).containsExactly("127.0.2.11 ACTIVE->INACTIVE (call answered 500)");
  }

  @Test
  void aSuccessfulCallCountsTowardsRecovery() {
    Fixtures f = withThresholds(1, 2, StatusSet.NONE);
    Gateway gw = f.gw("127.0.2.11");
    f.monitor.onCallFailure(gw, CallFailure.noResponse());

    f.monitor.onCallSuccess(gw);
    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.INACTIVE);
    f.monitor.onProbeResult(gw, ProbeResult.reply(200, MS));

    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.ACTIVE);
  }

  @Test
  void aDisabledGatewayIgnoresProbesAndCallsAndIsNeverSelected() {
    Fixtures f = withThresholds(1, 1, StatusSet.NONE);
    Gateway gw = f.gw("127.0.2.11");
    f.dispatcher.setState(1, "SIP:127.0.2.11", GatewayState.DISABLED);

    f.monitor.onProbeResult(gw, ProbeResult.reply(200, MS));
    f.monitor.onCallSuccess(gw);
    f.monitor.onCallFailure(gw, CallFailure.noResponse());

    assertThat(f.monitor.state(gw)).isEqualTo(GatewayState.DISABLED);
    for (Algorithm alg : Algorithm.values()) {
      assertThat(
              Fixtures.drain(
                  f.dispatcher.plan(
                      1,
                      alg,
                      new SelectionContext("c", Fixtures.uri("sip:a@b"), Fixtures.uri("sip:c@d")))))
          .as(alg.name())
          .containsExactly("127.0.2.12");
    }
  }

  @Test
  void theOperatorSetsAnyStateAndUnknownGatewaysAreReported() {
    Fixtures f = withThresholds(1, 1, StatusSet.NONE);

    assertThat(f.dispatcher.setState(1, "sip:127.0.2.12", GatewayState.PROBING)).isTrue();
    assertThat(f.monitor.state(f.gw("127.0.2.12"))).isEqualTo(GatewayState.PROBING);
    assertThat(f.dispatcher.setState(1, "sip:127.0.2.99", GatewayState.ACTIVE)).isFalse();
    assertThat(f.dispatcher.setState(2, "sip:127.0.2.12", GatewayState.ACTIVE)).isFalse();
  }

  @Test
  void initialStatesComeFromTheListFlags() {
    Fixtures f =
        new Fixtures(
            """
            1 sip:127.0.2.11 0
            1 sip:127.0.2.12 1
            1 sip:127.0.2.13 2
            1 sip:127.0.2.14 5
            1 sip:127.0.2.15 8
            """);

    assertThat(f.dispatcher.status())
        .extracting(s -> s.gateway().uri().host() + " " + s.kamailioFlags())
        .containsExactly(
            "127.0.2.15 AP", "127.0.2.14 DX", "127.0.2.13 TX", "127.0.2.12 IP", "127.0.2.11 AX");
  }

  @Test
  void statusListsCallsAndTheLastProbe() {
    Fixtures f = withThresholds(1, 1, StatusSet.NONE);
    Gateway gw = f.gw("127.0.2.12");
    f.callLoad.started(gw);
    f.monitor.onProbeResult(gw, ProbeResult.reply(200, Duration.ofMillis(42)));

    GatewayStatus s =
        f.dispatcher.status().stream()
            .filter(x -> x.gateway().equals(gw))
            .findFirst()
            .orElseThrow();

    assertThat(s.activeCalls()).isEqualTo(1);
    assertThat(s.lastProbeStatus()).isEqualTo(200);
    assertThat(s.lastProbeLatencyNanos()).isEqualTo(42_000_000L);
  }
}
