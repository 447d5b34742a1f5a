package io.isthmus.proxy.dispatcher;

import static io.isthmus.proxy.dispatcher.Fixtures.callId;
import static io.isthmus.proxy.dispatcher.Fixtures.drain;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReloadTest {
  private static final String THREE =
      """
      1 sip:127.0.2.11 0 3
      1 sip:127.0.2.12 0 2
      1 sip:127.0.2.13 0 1
      """;

  @Test
  void plansHandedOutBeforeAReloadKeepTheirGateways() {
    Fixtures f = new Fixtures(THREE);
    FailoverPlan inFlight = f.dispatcher.plan(1, Algorithm.PRIORITY, callId("c"));
    assertThat(Fixtures.host(inFlight.next())).isEqualTo("127.0.2.11");

    f.dispatcher.reload(Fixtures.parse("1 sip:127.0.2.14 0 3\n1 sip:127.0.2.11 0 1\n"));

    assertThat(drain(inFlight)).containsExactly("127.0.2.12", "127.0.2.13");
    assertThat(drain(f.dispatcher.plan(1, Algorithm.PRIORITY, callId("d"))))
        .containsExactly("127.0.2.14", "127.0.2.11");
  }

  @Test
  void gatewaysThatStayKeepTheirStateAndCounters() {
    Fixtures f = new Fixtures(THREE);
    f.down("127.0.2.11");
    f.callLoad.started(f.gw("127.0.2.12"));

    f.dispatcher.reload(Fixtures.parse(THREE + "1 sip:127.0.2.14\n"));

    assertThat(f.monitor.state(f.gw("127.0.2.11"))).isEqualTo(GatewayState.INACTIVE);
    assertThat(f.callLoad.active(f.gw("127.0.2.12"))).isEqualTo(1);
    assertThat(f.monitor.state(f.gw("127.0.2.14"))).isEqualTo(GatewayState.ACTIVE);
    assertThat(drain(f.dispatcher.plan(1, Algorithm.PRIORITY, callId("c"))))
        .containsExactly("127.0.2.12", "127.0.2.13", "127.0.2.14");
  }

  @Test
  void aStateChangeAfterTheReloadIsSeenByOldAndNewPlans() {
    Fixtures f = new Fixtures(THREE);
    FailoverPlan old = f.dispatcher.plan(1, Algorithm.PRIORITY, callId("c"));
    f.dispatcher.reload(Fixtures.parse(THREE));

    f.down("127.0.2.11");

    assertThat(Fixtures.host(old.next())).isEqualTo("127.0.2.12");
    assertThat(f.first(Algorithm.PRIORITY, callId("d"))).isEqualTo("127.0.2.12");
  }

  @Test
  void changedFlagsInTheNewListSetTheState() {
    Fixtures f = new Fixtures(THREE);
    f.down("127.0.2.12");

    f.dispatcher.reload(
        Fixtures.parse(
            """
            1 sip:127.0.2.11 4 3
            1 sip:127.0.2.12 0 2
            1 sip:127.0.2.13 0 1
            """));

    assertThat(f.monitor.state(f.gw("127.0.2.11"))).isEqualTo(GatewayState.DISABLED);
    assertThat(f.monitor.state(f.gw("127.0.2.12"))).isEqualTo(GatewayState.INACTIVE);
    assertThat(f.changes).contains("127.0.2.11 ACTIVE->DISABLED (flags changed on reload)");
  }

  @Test
  void aGatewayMovedToAnotherSetIsANewGateway() {
    Fixtures f = new Fixtures(THREE);
    f.down("127.0.2.13");

    f.dispatcher.reload(Fixtures.parse("2 sip:127.0.2.13\n"));

    Gateway moved = f.dispatcher.list().set(2).gateways().getFirst();
    assertThat(f.monitor.state(moved)).isEqualTo(GatewayState.ACTIVE);
    assertThat(f.dispatcher.plan(1, Algorithm.PRIORITY, callId("c")).next()).isEmpty();
  }

  @Test
  void selectionOnManyThreadsDuringReloadsAlwaysFindsAGateway() throws Exception {
    Fixtures f = new Fixtures(THREE);
    DispatcherList a = Fixtures.parse(THREE);
    DispatcherList b = Fixtures.parse("1 sip:127.0.2.13 0 1\n1 sip:127.0.2.14 0 1\n");
    int threads = 4;
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      go.await();
                      for (int i = 0; i < 20_000; i++) {
                        if (f.dispatcher
                            .plan(1, Algorithm.ROUND_ROBIN, callId("x"))
                            .next()
                            .isEmpty()) {
                          throw new AssertionError("no gateway at pick " + i);
                        }
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                  });
      workers.add(w);
    }
    go.countDown();
    for (int i = 0; i < 200; i++) {
      f.dispatcher.reload(i % 2 == 0 ? b : a);
    }
    for (Thread w : workers) {
      w.join();
    }

    assertThat(failure.get()).isNull();
  }
}
