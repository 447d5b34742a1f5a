package io.isthmus.proxy.dispatcher;

import static io.isthmus.proxy.dispatcher.Fixtures.callId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {
  // Priorities 3, 2, 1 make the set order .11, .12, .13 (higher priority first).
  private static final String THREE =
      """
      1 sip:127.0.2.11 0 3
      1 sip:127.0.2.12 0 2
      1 sip:127.0.2.13 0 1
      """;
  private static final List<String> HOSTS = List.of("127.0.2.11", "127.0.2.12", "127.0.2.13");

  @Test
  void hashOfTheCallIdPicksTheIndexKamailioPicks() {
    Fixtures f = new Fixtures(THREE);

    // ds_get_hash("a84b4c76e66710@pc33.atlanta.com") = 2175018094; 2175018094 % 3 = 1.
    assertThat(f.first(Algorithm.HASH_CALL_ID, callId("a84b4c76e66710@pc33.atlanta.com")))
        .isEqualTo("127.0.2.12");
  }

  @Test
  void theSameCallIdAlwaysPicksTheSameGateway() {
    Fixtures f = new Fixtures(THREE);
    Map<String, String> firstPick = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      firstPick.put("call-" + i, f.first(Algorithm.HASH_CALL_ID, callId("call-" + i)));
    }

    for (int i = 0; i < 200; i++) {
      assertThat(f.first(Algorithm.HASH_CALL_ID, callId("call-" + i)))
          .isEqualTo(firstPick.get("call-" + i));
    }
    assertThat(firstPick.values()).containsAll(HOSTS);
  }

  @Test
  void hashMovesToTheNextActiveGatewayWhenTheHashedOneIsDown() {
    Fixtures f = new Fixtures(THREE);
    for (int i = 0; i < 50; i++) {
      String id = "call-" + i;
      int hashed = Integer.remainderUnsigned(KamailioHash.callId(id), 3);
      f.down(HOSTS.get(hashed));

      assertThat(f.first(Algorithm.HASH_CALL_ID, callId(id)))
          .isEqualTo(HOSTS.get((hashed + 1) % 3));

      f.monitor.setState(f.gw(HOSTS.get(hashed)).key(), GatewayState.ACTIVE);
    }
  }

  @Test
  void hashOfFromAndToUrisUsesTheirOwnUri() {
    Fixtures f = new Fixtures(THREE);
    var alice = Fixtures.uri("sip:alice@atlanta.com");
    var bob = Fixtures.uri("sip:bob@127.0.0.1:5080");
    int aliceIndex = Integer.remainderUnsigned(KamailioHash.uri(alice, false), 3);
    int bobIndex = Integer.remainderUnsigned(KamailioHash.uri(bob, false), 3);

    assertThat(f.first(Algorithm.HASH_FROM_URI, new SelectionContext("c", alice, bob)))
        .isEqualTo(HOSTS.get(aliceIndex));
    assertThat(f.first(Algorithm.HASH_TO_URI, new SelectionContext("c", alice, bob)))
        .isEqualTo(HOSTS.get(bobIndex));
  }

  @Test
  void hashOfTheAuthUserPicksTheIndexKamailioPicks() {
    Fixtures f = new Fixtures(THREE);

    // ds_get_hash("alice") = 1834153949, % 3 = 2; ds_get_hash("carol") = 1864284022, % 3 = 1.
    for (int i = 0; i < 3; i++) {
      assertThat(f.first(Algorithm.HASH_AUTH_USER, authUser("c" + i, "alice")))
          .isEqualTo("127.0.2.13");
      assertThat(f.first(Algorithm.HASH_AUTH_USER, authUser("d" + i, "carol")))
          .isEqualTo("127.0.2.12");
    }
    f.down("127.0.2.13");
    assertThat(f.first(Algorithm.HASH_AUTH_USER, authUser("e", "alice")))
        .isEqualTo("127.0.2.11"); // the next selectable one, wrapping round
  }

  @Test
  void authUserHashFallsBackToRoundRobinForCallersWithoutCredentials() {
    Fixtures f = new Fixtures(THREE);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      out.add(f.first(Algorithm.HASH_AUTH_USER, authUser("c" + i, null)));
    }

    assertThat(out).containsExactly("127.0.2.11", "127.0.2.12", "127.0.2.13", "127.0.2.11");
  }

  @Test
  void roundRobinCyclesThroughTheSetInOrder() {
    Fixtures f = new Fixtures(THREE);

    assertThat(picks(f, Algorithm.ROUND_ROBIN, 6))
        .containsExactly(
            "127.0.2.11", "127.0.2.12", "127.0.2.13", "127.0.2.11", "127.0.2.12", "127.0.2.13");
  }

  @Test
  void roundRobinSkipsAnInactiveGatewayAndMovesPastTheOneUsed() {
    Fixtures f = new Fixtures(THREE);
    f.down("127.0.2.12");

    assertThat(picks(f, Algorithm.ROUND_ROBIN, 6))
        .containsExactly(
            "127.0.2.11", "127.0.2.13", "127.0.2.11", "127.0.2.13", "127.0.2.11", "127.0.2.13");
  }

  @Test
  void roundRobinSkipsDisabledGatewaysFromTheListFlags() {
    Fixtures f =
        new Fixtures(
            """
            1 sip:127.0.2.11 0 3
            1 sip:127.0.2.12 4 2
            1 sip:127.0.2.13 1 1
            """);

    assertThat(picks(f, Algorithm.ROUND_ROBIN, 3)).containsOnly("127.0.2.11");
  }

  @Test
  void priorityAlwaysPicksTheHighestPriorityActiveGateway() {
    Fixtures f =
        new Fixtures(
            """
            1 sip:127.0.2.11 0 1
            1 sip:127.0.2.12 0 9
            1 sip:127.0.2.13 0 5
            """);

    assertThat(picks(f, Algorithm.PRIORITY, 3)).containsOnly("127.0.2.12");
    assertThat(Fixtures.drain(f.dispatcher.plan(1, Algorithm.PRIORITY, callId("c"))))
        .containsExactly("127.0.2.12", "127.0.2.13", "127.0.2.11");

    f.down("127.0.2.12");
    assertThat(picks(f, Algorithm.PRIORITY, 3)).containsOnly("127.0.2.13");
  }

  @Test
  void weightDistributesCallsInProportionOverTenThousandPicks() {
    Fixtures f =
        new Fixtures(
            """
            1 sip:127.0.2.11 0 3 weight=50
            1 sip:127.0.2.12 0 2 weight=30
            1 sip:127.0.2.13 0 1 weight=20
            """);

    List<String> picks = picks(f, Algorithm.WEIGHT, 10_000);

    assertThat(count(picks))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("127.0.2.11", 5000, "127.0.2.12", 3000, "127.0.2.13", 2000));
    for (int w = 0; w < picks.size(); w += 10) {
      assertThat(count(picks.subList(w, w + 10)))
          .as("picks %d..%d are spread", w, w + 9)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("127.0.2.11", 5, "127.0.2.12", 3, "127.0.2.13", 2));
    }
  }

  @Test
  void weightGivesWhatIsLeftOfOneHundredToTheLastGatewayAsKamailio() {
    Fixtures f =
        new Fixtures(
            """
            1 sip:127.0.2.11 0 3 weight=20
            1 sip:127.0.2.12 0 2 weight=30
            1 sip:127.0.2.13 0 1
            """);

    assertThat(count(picks(f, Algorithm.WEIGHT, 1000)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("127.0.2.11", 200, "127.0.2.12", 300, "127.0.2.13", 500));
  }

  @Test
  void weightMovesTheShareOfADownGatewayToTheNextOne() {
    Fixtures f =
        new Fixtures(
            """
            1 sip:127.0.2.11 0 3 weight=50
            1 sip:127.0.2.12 0 2 weight=30
            1 sip:127.0.2.13 0 1 weight=20
            """);
    f.down("127.0.2.12");

    assertThat(count(picks(f, Algorithm.WEIGHT, 10_000)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("127.0.2.11", 5000, "127.0.2.13", 5000));
  }

  @Test
  void weightWithoutAnyWeightGivesEqualTurns() {
    Fixtures f = new Fixtures(THREE);

    assertThat(count(picks(f, Algorithm.WEIGHT, 300)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("127.0.2.11", 100, "127.0.2.12", 100, "127.0.2.13", 100));
  }

  @Test
  void callLoadPicksTheLeastLoadedGatewayFirstInSetOrderOnTies() {
    Fixtures f = new Fixtures(THREE);
    assertThat(f.first(Algorithm.CALL_LOAD, callId("c"))).isEqualTo("127.0.2.11");

    f.callLoad.started(f.gw("127.0.2.11"));
    f.callLoad.started(f.gw("127.0.2.11"));
    f.callLoad.started(f.gw("127.0.2.12"));
    assertThat(f.first(Algorithm.CALL_LOAD, callId("c"))).isEqualTo("127.0.2.13");

    f.callLoad.started(f.gw("127.0.2.13"));
    f.callLoad.started(f.gw("127.0.2.13"));
    assertThat(f.first(Algorithm.CALL_LOAD, callId("c"))).isEqualTo("127.0.2.12");

    f.callLoad.ended(f.gw("127.0.2.11"));
    f.callLoad.ended(f.gw("127.0.2.11"));
    assertThat(f.first(Algorithm.CALL_LOAD, callId("c"))).isEqualTo("127.0.2.11");
  }

  @Test
  void callLoadCountsGatewaysSharingADuidTogether() {
    Fixtures f =
        new Fixtures(
            """
            1 sip:127.0.2.11;transport=udp 0 3 duid=box1
            1 sip:127.0.2.12 0 2 duid=box2
            1 sip:127.0.2.11;transport=tcp 0 1 duid=BOX1
            """);
    Gateway udp = f.dispatcher.list().set(1).gateways().get(0);
    Gateway tcp = f.dispatcher.list().set(1).gateways().get(2);

    f.callLoad.started(udp);

    assertThat(f.callLoad.active(tcp)).isEqualTo(1);
    assertThat(f.first(Algorithm.CALL_LOAD, callId("c"))).isEqualTo("127.0.2.12");
  }

  @Test
  void callLoadSkipsGatewaysAtTheirMaxloadAndFailsWhenAllAre() {
    Fixtures f =
        new Fixtures(
            """
            1 sip:127.0.2.11 0 3 maxload=1
            1 sip:127.0.2.12 0 2 maxload=1
            """);
    f.callLoad.started(f.gw("127.0.2.11"));

    assertThat(Fixtures.drain(f.dispatcher.plan(1, Algorithm.CALL_LOAD, callId("c"))))
        .containsExactly("127.0.2.12");

    f.callLoad.started(f.gw("127.0.2.12"));
    assertThat(f.first(Algorithm.CALL_LOAD, callId("c"))).isEqualTo("none");
  }

  @Test
  void callLoadNeverGoesBelowZero() {
    Fixtures f = new Fixtures(THREE);
    f.callLoad.ended(f.gw("127.0.2.11"));

    assertThat(f.callLoad.active(f.gw("127.0.2.11"))).isZero();
  }

  @Test
  void everyAlgorithmSkipsAllInactiveAndReturnsNothingWhenAllAreDown() {
    for (Algorithm alg : Algorithm.values()) {
      Fixtures f = new Fixtures(THREE);
      HOSTS.forEach(f::down);

      assertThat(
              f.first(
                  alg, new SelectionContext("c", Fixtures.uri("sip:a@b"), Fixtures.uri("sip:c@d"))))
          .as(alg.name())
          .isEqualTo("none");
    }
  }

  @Test
  void algorithmNumbersAreKamailios() {
    assertThat(Algorithm.of(0)).isEqualTo(Algorithm.HASH_CALL_ID);
    assertThat(Algorithm.of(4)).isEqualTo(Algorithm.ROUND_ROBIN);
    assertThat(Algorithm.of(5)).isEqualTo(Algorithm.HASH_AUTH_USER);
    assertThat(Algorithm.of(10)).isEqualTo(Algorithm.CALL_LOAD);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Algorithm.of(11))
        .hasMessage(
            "dispatcher algorithm 11 is not supported (supported: 0, 1, 2, 4, 5, 8, 9, 10)");
  }

  private static SelectionContext authUser(String callId, String user) {
    return new SelectionContext(callId, null, null, user);
  }

  private static List<String> picks(Fixtures f, Algorithm alg, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(f.first(alg, callId("c" + i)));
    }
    return out;
  }

  private static Map<String, Integer> count(List<String> picks) {
    Map<String, Integer> counts = new HashMap<>();
    picks.forEach(p -> counts.merge(p, 1, Integer::sum));
    return counts;
  }
}
