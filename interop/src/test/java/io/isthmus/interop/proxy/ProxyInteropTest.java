package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.interop.NgEndpoint;
import io.isthmus.interop.proxy.IsthmusUnderTest.Relay;
import io.isthmus.interop.proxy.ProxyInterop.Side;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.proxy.dispatcher.GatewayState;
import io.isthmus.proxy.dispatcher.GatewayStatus;
import io.isthmus.testkit.RtpengineProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * sipp callers and gateways (Debian sip-tester) on both networks, with the Isthmus proxy between
 * them as {@code isthmus run} assembles it: once with its relay in process, once driving the Debian
 * rtpengine over NG. Calls carry audio and video SDP; the sipp scenarios fail a call whose SDP does
 * not name the relay on the party's own side; RTP crosses the relay both ways (the callers' RTP is
 * echoed by the gateways). Then the dispatcher's failover: a silent gateway, and no gateway at all.
 */
class ProxyInteropTest {
  private static final int CALLS = 20;
  private static final int RATE = 10;
  private static final int CALL_MS = 1500;
  private static final Duration SIPP_RUN = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(10);

  @Test
  void callsCrossBothWaysWithAudioAndVideoThroughTheInProcessRelay() throws Exception {
    Path dir = ProxyInterop.freshDir("in-process");
    try (IsthmusUnderTest isthmus = IsthmusUnderTest.start(dir, Relay.IN_PROCESS, "1s")) {
      callsBothWays(dir, isthmus, () -> isthmus.relayCalls());
    }
  }

  @Test
  void callsCrossBothWaysWithAudioAndVideoThroughRtpengineOverNg() throws Exception {
    Path dir = ProxyInterop.freshDir("rtpengine");
    try (RtpengineProcess rtpengine =
            RtpengineProcess.start(
                dir,
                "rtpengine",
                ProxyInterop.RTPENGINE_NG,
                ProxyInterop.RTPENGINE_PORT_MIN,
                ProxyInterop.RTPENGINE_PORT_MAX);
        IsthmusUnderTest isthmus = IsthmusUnderTest.start(dir, Relay.RTPENGINE, "1s")) {
      callsBothWays(dir, isthmus, () -> rtpengineCalls(rtpengine));
    }
  }

  /** Gateway probes fail within this: the first of them is sent at start. */
  private static final String SLOW_PROBING = "2s";

  @Test
  void callsFailOverFromASilentGatewayWhichProbingMarksDown() throws Exception {
    Path dir = ProxyInterop.freshDir("failover");
    // The silent gateway answers probes while the calls run, so round robin offers calls to it
    // whatever the timing (the warm-up alone outlasts a probe interval): those calls must fail
    // over after the no-response timeout. Then it stops answering probes too.
    try (Sipp live = Sipp.gateway(dir, ProxyInterop.PRIVATE_GATEWAY_1, Side.PRIVATE.proxy);
        SilentGateway silent =
            new SilentGateway(ProxyInterop.PRIVATE_GATEWAY_2, ProxyInterop.GATEWAY_SIP)
                .answerOptions(true);
        IsthmusUnderTest isthmus = IsthmusUnderTest.start(dir, Relay.IN_PROCESS, SLOW_PROBING);
        Sipp caller = caller(dir, "caller", "proxy/uac.xml", Side.PUBLIC, CALLS)) {
      Supplier<String> logs = () -> caller.diagnosis() + live.diagnosis();
      assertThat(caller.waitFor(SIPP_RUN)).as(() -> "caller's exit code" + logs.get()).isZero();
      SippStats stats = caller.stats().orElseThrow();
      assertThat(stats.successful()).as(() -> stats + logs.get()).isEqualTo(CALLS);
      assertThat(stats.failed()).as(() -> stats + logs.get()).isZero();
      // Some call went to the silent gateway first, and every call ended at the live one.
      assertThat(silent.received("INVITE"))
          .as("INVITEs offered to the silent gateway")
          .isPositive();
      Poll.untilTrue(
          SETTLE,
          () -> "the live gateway to count " + CALLS + " calls" + logs.get(),
          () -> live.stats().map(s -> s.successful() == CALLS).orElse(false));
      assertThat(live.stats().orElseThrow().failed()).isZero();

      // Probing finds the silent one down (no reply to its OPTIONS) and the live one up.
      silent.answerOptions(false);
      Poll.untilTrue(
          SETTLE,
          () -> "probes to the silent gateway to fail: " + isthmus.gateway(silent()),
          () -> {
            GatewayStatus s = isthmus.gateway(silent());
            return s.state() == GatewayState.INACTIVE && s.lastProbeStatus() == 0;
          });
      assertThat(silent.received("OPTIONS")).isPositive();
      GatewayStatus up = isthmus.gateway(ProxyInterop.PRIVATE_GATEWAY_1);
      assertThat(up.state()).isEqualTo(GatewayState.ACTIVE);
      assertThat(up.lastProbeStatus()).isEqualTo(200);
    }
  }

  private static String silent() {
    return ProxyInterop.PRIVATE_GATEWAY_2;
  }

  @Test
  void everyCallGets503WhenEveryGatewayIsDown() throws Exception {
    Path dir = ProxyInterop.freshDir("all-down");
    int calls = 6;
    // Nothing listens on any gateway address: the first calls time out on both gateways, later
    // ones find the whole set marked down.
    try (IsthmusUnderTest isthmus = IsthmusUnderTest.start(dir, Relay.IN_PROCESS, "1s");
        Sipp publicCaller = caller(dir, "public-caller", "proxy/uac-503.xml", Side.PUBLIC, calls);
        Sipp privateCaller =
            caller(dir, "private-caller", "proxy/uac-503.xml", Side.PRIVATE, calls)) {
      for (Sipp caller : List.of(publicCaller, privateCaller)) {
        assertThat(caller.waitFor(SIPP_RUN))
            .as(() -> "caller's exit code" + caller.diagnosis())
            .isZero();
        SippStats stats = caller.stats().orElseThrow();
        assertThat(stats.successful()).as(() -> stats + caller.diagnosis()).isEqualTo(calls);
        assertThat(stats.failed()).as(() -> stats + caller.diagnosis()).isZero();
      }
      for (String gw :
          List.of(
              ProxyInterop.PUBLIC_GATEWAY_1,
              ProxyInterop.PUBLIC_GATEWAY_2,
              ProxyInterop.PRIVATE_GATEWAY_1,
              ProxyInterop.PRIVATE_GATEWAY_2)) {
        Poll.untilTrue(
            SETTLE,
            () -> "gateway " + gw + " to be down: " + isthmus.gateway(gw),
            () -> isthmus.gateway(gw).state() == GatewayState.INACTIVE);
      }
      assertThat(isthmus.relayCalls()).as("relay calls left after the 503s").isZero();
    }
  }

  /**
   * {@link #CALLS} calls public to private and as many private to public at the same time, each
   * caller with its two gateways, and RTP echoed through the relay on every call.
   */
  private static void callsBothWays(
      Path dir, IsthmusUnderTest isthmus, ThrowingIntSupplier relayCalls) throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    try {
      Map<Side, List<Sipp>> gateways =
          Map.of(Side.PUBLIC, new ArrayList<>(), Side.PRIVATE, new ArrayList<>());
      for (Side side : Side.values()) {
        for (String address : List.of(side.gateway1, side.gateway2)) {
          Sipp gw = Sipp.gateway(dir, address, side.proxy);
          open.add(gw);
          gateways.get(side).add(gw);
        }
      }
      // The gateways are up once the prober has had a 200 from each.
      for (Side side : Side.values()) {
        for (String address : List.of(side.gateway1, side.gateway2)) {
          Poll.untilTrue(
              SETTLE,
              () -> "a 200 to the probes of " + address + ": " + isthmus.gateway(address),
              () -> isthmus.gateway(address).lastProbeStatus() == 200);
        }
      }
      Map<Side, CallerMedia> media = new java.util.EnumMap<>(Side.class);
      Map<Side, Sipp> callers = new java.util.EnumMap<>(Side.class);
      for (Side side : Side.values()) {
        Path messages = dir.resolve(side.name().toLowerCase() + "-caller").resolve("messages.log");
        CallerMedia m = new CallerMedia(side.caller, ProxyInterop.CALLER_RTP, messages);
        open.add(m);
        media.put(side, m);
      }
      for (Side side : Side.values()) {
        Sipp c = caller(dir, side.name().toLowerCase() + "-caller", "proxy/uac.xml", side, CALLS);
        open.add(c);
        callers.put(side, c);
      }

      for (Side side : Side.values()) {
        Sipp caller = callers.get(side);
        Supplier<String> logs =
            () ->
                caller.diagnosis()
                    + gateways.get(side.other()).stream().map(Sipp::diagnosis).toList();
        assertThat(caller.waitFor(SIPP_RUN))
            .as(() -> side + " caller's exit code" + logs.get())
            .isZero();
        SippStats stats = caller.stats().orElseThrow();
        assertThat(stats.successful()).as(() -> side + " " + stats + logs.get()).isEqualTo(CALLS);
        assertThat(stats.failed()).as(() -> side + " " + stats + logs.get()).isZero();

        // Media both ways on every call, from the relay port its SDP named, on the caller's side.
        CallerMedia m = media.get(side);
        assertThat(m.calls()).as(side + " calls answered").hasSize(CALLS);
        assertThat(m.calls().values())
            .allSatisfy(a -> assertThat(a.getAddress().getHostAddress()).isEqualTo(side.proxy));
        assertThat(m.callsWithoutEchoes()).as(side + " calls without RTP echoed back").isEmpty();
        assertThat(m.strays()).as(side + " RTP from elsewhere").isZero();

        // The gateways on the other side took the calls between them, round robin, all good.
        List<Sipp> gws = gateways.get(side.other());
        Poll.untilTrue(
            SETTLE,
            () -> "the " + side.other() + " gateways to count " + CALLS + " calls" + logs.get(),
            () -> {
              long done = 0;
              for (Sipp gw : gws) {
                done += gw.stats().map(SippStats::successful).orElse(0L);
              }
              return done == CALLS;
            });
        for (Sipp gw : gws) {
          SippStats s = gw.stats().orElseThrow();
          assertThat(s.failed()).as(() -> s + gw.diagnosis()).isZero();
          assertThat(s.successful()).as(() -> "round robin: " + s).isPositive();
        }
      }
      // Every BYE deleted its call in the relay.
      Poll.untilTrue(
          SETTLE, () -> "the relay to drop every call", () -> relayCalls.getAsInt() == 0);
    } finally {
      for (AutoCloseable c : open.reversed()) {
        c.close();
      }
    }
  }

  private static Sipp caller(Path dir, String name, String scenario, Side side, int calls)
      throws IOException {
    return Sipp.caller(
        dir,
        name,
        scenario,
        Map.of(
            "RELAY_IF_RE", side.proxyRegex(),
            "RTP_PORT", Integer.toString(ProxyInterop.CALLER_RTP),
            "VIDEO_PORT", Integer.toString(ProxyInterop.CALLER_VIDEO),
            "CALL_MS", Integer.toString(CALL_MS)),
        side.caller,
        side.proxy,
        calls,
        RATE);
  }

  private static int rtpengineCalls(RtpengineProcess rtpengine) throws IOException {
    try (NgEndpoint ng = NgEndpoint.of(rtpengine.ng())) {
      var list = ng.call(BDict.builder().put("command", "list").build());
      return list.body().get("calls") instanceof BList calls ? calls.size() : 0;
    }
  }

  @FunctionalInterface
  private interface ThrowingIntSupplier {
    int getAsInt() throws Exception;
  }
}
