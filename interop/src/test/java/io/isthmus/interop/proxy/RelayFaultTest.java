package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.wiring.Product;
import io.isthmus.interop.NgEndpoint;
import io.isthmus.interop.Templates;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.proxy.media.NodeStatus;
import io.isthmus.testkit.RtpengineProcess;
import io.isthmus.testkit.TestUserAgent;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The split deployment under relay faults: the Isthmus proxy alone ({@link Product.Roles#PROXY}, as
 * {@code isthmus proxy} runs it) drives one or two Debian rtpengine daemons over NG while a caller
 * places 20 calls/s and sends OPTIONS to the proxy every 100 ms. One daemon is killed (SIGKILL,
 * then started again) or frozen (SIGSTOP, then SIGCONT) for 10 s, by its PID.
 *
 * <ul>
 *   <li>One node: from the moment the proxy knows the node is down (its first timeout, or the first
 *       ICMP error), no caller waits more than 100 ms for its final answer; the proxy answers every
 *       OPTIONS; calls succeed again within 100 ms of the daemon's return.
 *   <li>Two nodes: no call placed after the fault started fails.
 *   <li>Both: once the calls have ended, no daemon holds a session (offers the proxy gave up on
 *       while a daemon was frozen are deleted when it resumes).
 * </ul>
 *
 * The figures (waits, recovery) are logged as {@code relay-fault:} lines.
 */
class RelayFaultTest {
  private static final Logger LOG = LoggerFactory.getLogger(RelayFaultTest.class);

  private static final int SIP = 27380;
  private static final int GATEWAY = 27370;
  private static final int CALLER = 27381;
  private static final int ADMIN = 27390;
  private static final int[] NG = {27510, 27511};
  private static final int[][] PORTS = {{30000, 30999}, {31000, 31999}};
  private static final long CALL_PERIOD_MS = 50; // 20 calls/s
  private static final long OPTIONS_PERIOD_MS = 100;
  private static final Duration FAULT = Duration.ofSeconds(10);
  private static final Duration NG_TIMEOUT = Duration.ofSeconds(1);
  private static final long LIMIT_NANOS = Duration.ofMillis(100).toNanos();
  private static final Duration SETTLE = Duration.ofSeconds(15);
  private static final String SDP =
      "v=0\no=gw 1 1 IN IP4 127.0.2.11\ns=-\nc=IN IP4 127.0.2.11\nt=0 0\nm=audio 27372 RTP/AVP"
          + " 0\n";

  enum Fault {
    KILL,
    STOP
  }

  @Test
  void oneRelayKilledAndRestarted() throws Exception {
    scenario("kill-one", 1, Fault.KILL);
  }

  @Test
  void oneRelayFrozenAndResumed() throws Exception {
    scenario("stop-one", 1, Fault.STOP);
  }

  @Test
  void twoRelaysOneKilledAndRestarted() throws Exception {
    scenario("kill-two", 2, Fault.KILL);
  }

  @Test
  void twoRelaysOneFrozenAndResumed() throws Exception {
    scenario("stop-two", 2, Fault.STOP);
  }

  private void scenario(String name, int nodes, Fault fault) throws Exception {
    Path dir = ProxyInterop.freshDir("relay-fault-" + name);
    RtpengineProcess[] relays = new RtpengineProcess[nodes];
    List<AutoCloseable> open = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        relays[i] = rtpengine(dir, i, "");
      }
      for (String gw : List.of("127.0.2.11", "127.0.2.12")) {
        TestUserAgent ua = TestUserAgent.bind("gw", gw, GATEWAY);
        ua.script(TestUserAgent.Script.answer(SDP));
        open.add(ua);
      }
      Product product = Product.start(config(dir, nodes), Product.Roles.PROXY);
      open.add(product);
      Poll.untilTrue(
          SETTLE,
          () -> "a 200 to the gateway probes",
          () ->
              product.dispatcher().status().stream()
                  .filter(s -> s.gateway().setId() == 2)
                  .allMatch(s -> s.lastProbeStatus() == 200));
      TimedCaller caller =
          new TimedCaller(
              "c",
              "127.0.1.100",
              CALLER,
              new InetSocketAddress(InetAddress.getByName("127.0.1.1"), SIP));
      open.add(caller);
      caller.start(CALL_PERIOD_MS, OPTIONS_PERIOD_MS);
      Poll.untilTrue(
          SETTLE,
          () -> "20 calls through before the fault",
          () -> caller.calls().stream().filter(c -> c.status == 200).count() >= 20);

      long faultAt = System.nanoTime();
      long pid = relays[0].pid();
      signal(pid, fault == Fault.KILL ? "-KILL" : "-STOP");
      Poll.untilTrue(
          SETTLE, () -> "node 0 down: " + product.proxy().relayNodes(), () -> !node(product).up());
      long downAt = System.nanoTime() - node(product).sinceNanos();
      Thread.sleep(
          FAULT.toMillis() - (System.nanoTime() - faultAt) / 1_000_000); // the fault's length

      long returnAt;
      if (fault == Fault.KILL) {
        CompletableFuture<Long> pong =
            firstPong(new InetSocketAddress(InetAddress.getLoopbackAddress(), NG[0]));
        relays[0].close();
        relays[0] = rtpengine(dir, 0, "-restarted");
        returnAt = pong.get(20, TimeUnit.SECONDS);
      } else {
        signal(pid, "-CONT");
        returnAt = System.nanoTime();
      }
      Poll.untilTrue(
          SETTLE, () -> "node 0 up: " + product.proxy().relayNodes(), () -> node(product).up());
      long upAt = System.nanoTime() - node(product).sinceNanos();
      Thread.sleep(3000); // load after the return
      caller.stop();
      Poll.untilTrue(
          SETTLE,
          () -> "every call to get its final answer",
          () -> caller.calls().stream().allMatch(TimedCaller.Call::done));

      report(name, caller, faultAt, downAt, returnAt, upAt);
      List<TimedCaller.Call> calls = caller.calls();
      List<TimedCaller.Call> duringFault =
          calls.stream()
              .filter(c -> c.sentNanos - faultAt >= 0 && c.sentNanos - returnAt < 0)
              .toList();
      assertThat(duringFault).as("calls placed during the fault").hasSizeGreaterThan(150);
      if (nodes == 1) {
        // once the proxy knows the node is down, nobody waits on it
        assertThat(duringFault)
            .as("calls waiting > 100 ms after the node was known down")
            .allSatisfy(
                c ->
                    assertThat(c.finalNanos - Math.max(c.sentNanos, downAt))
                        .isLessThanOrEqualTo(LIMIT_NANOS));
        assertThat(duringFault.stream().filter(c -> c.sentNanos - downAt > 0))
            .allSatisfy(c -> assertThat(c.status).isEqualTo(503));
        assertThat(upAt - returnAt)
            .as("node back after the daemon's return")
            .isLessThanOrEqualTo(LIMIT_NANOS);
        assertThat(calls.stream().filter(c -> c.sentNanos - (returnAt + LIMIT_NANOS) > 0))
            .as("calls placed from 100 ms after the daemon's return")
            .isNotEmpty()
            .allSatisfy(c -> assertThat(c.status).isEqualTo(200));
      } else {
        assertThat(calls.stream().filter(c -> c.sentNanos - faultAt > 0))
            .as("calls placed after the fault started")
            .allSatisfy(c -> assertThat(c.status).as(c.callId).isEqualTo(200));
      }
      assertThat(caller.options())
          .as("OPTIONS to the proxy")
          .allSatisfy(o -> assertThat(o.status).as(o.callId).isEqualTo(200));

      // Nothing left: the proxy's calls and every daemon's sessions are gone.
      for (int i = 0; i < nodes; i++) {
        RtpengineProcess r = relays[i];
        Poll.untilTrue(
            SETTLE,
            () -> "no session left in " + r.ng() + ": " + sessions(r),
            () -> sessions(r).isEmpty());
      }
      Poll.untilTrue(
          SETTLE,
          () -> "no proxy call left: " + product.proxy().calls(),
          () -> product.proxy().calls().isEmpty());
      assertThat(product.proxy().relayNodes()).allSatisfy(n -> assertThat(n.orphans()).isZero());
    } finally {
      for (AutoCloseable c : open.reversed()) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.warn("closing {}: {}", c, e.toString());
        }
      }
      for (RtpengineProcess r : relays) {
        if (r != null) {
          signalQuietly(r.pid(), "-CONT"); // a frozen daemon cannot take SIGTERM
          r.close();
        }
      }
    }
  }

  private static NodeStatus node(Product product) {
    return product.proxy().relayNodes().getFirst();
  }

  private static RtpengineProcess rtpengine(Path dir, int i, String suffix) throws IOException {
    return RtpengineProcess.start(dir, "rtpengine-" + i + suffix, NG[i], PORTS[i][0], PORTS[i][1]);
  }

  private static io.isthmus.app.config.IsthmusConfig config(Path dir, int nodes) throws Exception {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < nodes; i++) {
      list.append("    - address: 127.0.0.1:").append(NG[i]).append('\n');
    }
    Path file =
        Templates.write(
            "proxy/relay-faults.yaml.template",
            Map.of(
                "SIP_PORT", Integer.toString(SIP),
                "GATEWAY_PORT", Integer.toString(GATEWAY),
                "ADMIN_PORT", Integer.toString(ADMIN),
                "NODES", list.toString().stripTrailing(),
                "NG_TIMEOUT", NG_TIMEOUT.toMillis() + "ms",
                "RECONCILE", "1s"),
            dir.resolve("isthmus.yaml"));
    return switch (ConfigLoader.load(file)) {
      case ConfigResult.Valid v -> v.config();
      case ConfigResult.Invalid i -> throw new AssertionError("test config refused: " + i.errors());
    };
  }

  private static List<String> sessions(RtpengineProcess r) {
    try (NgEndpoint ng = NgEndpoint.of(r.ng())) {
      var list = ng.call(BDict.builder().put("command", "list").put("limit", "10000").build());
      List<String> out = new ArrayList<>();
      if (list.body().get("calls") instanceof BList calls) {
        calls.forEach(v -> out.add(v.toString()));
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The daemon's PID only: SIGKILL, SIGSTOP, SIGCONT. */
  private static void signal(long pid, String signal) throws Exception {
    Process p = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
    assertThat(p.waitFor()).as("kill " + signal + " " + pid).isZero();
  }

  private static void signalQuietly(long pid, String signal) {
    try {
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        new ProcessBuilder("kill", signal, Long.toString(pid)).start().waitFor();
      }
    } catch (Exception e) {
      // it is gone
    }
  }

  /** When {@code ng} first answers a ping, polled every 2 ms from now. */
  private static CompletableFuture<Long> firstPong(InetSocketAddress ng) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(2);
            byte[] buf = new byte[1500];
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            for (int i = 0; System.nanoTime() - deadline < 0; i++) {
              byte[] ping = ("t" + i + " d7:command4:pinge").getBytes(StandardCharsets.US_ASCII);
              s.send(new DatagramPacket(ping, ping.length, ng));
              try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                s.receive(in);
                if (new String(buf, 0, in.getLength(), StandardCharsets.US_ASCII)
                    .contains("pong")) {
                  return System.nanoTime();
                }
              } catch (SocketTimeoutException e) {
                // not yet
              }
            }
            throw new IllegalStateException("no pong from " + ng);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        },
        r -> Thread.ofPlatform().daemon().start(r));
  }

  private static void report(
      String name, TimedCaller caller, long faultAt, long downAt, long returnAt, long upAt) {
    List<TimedCaller.Call> calls = caller.calls();
    List<Long> waits = new ArrayList<>();
    List<Long> excess = new ArrayList<>();
    long failed = 0;
    for (TimedCaller.Call c : calls) {
      if (c.sentNanos - faultAt >= 0 && c.sentNanos - returnAt < 0) {
        waits.add(c.waitNanos());
        excess.add(c.finalNanos - Math.max(c.sentNanos, downAt));
      }
      if (c.sentNanos - faultAt > 0 && c.status != 200) {
        failed++;
      }
    }
    long optionsMax =
        caller.options().stream().mapToLong(TimedCaller.Call::waitNanos).max().orElse(0);
    long failedAfterFault = failed;
    Supplier<String> line =
        () ->
            String.format(
                "relay-fault: %s calls=%d during-fault=%d failed-after-fault=%d detect=%.1fms"
                    + " wait max=%.1fms p95=%.1fms after-down max=%.1fms p95=%.1fms"
                    + " recovery=%.1fms options-max=%.1fms",
                name,
                calls.size(),
                waits.size(),
                failedAfterFault,
                (downAt - faultAt) / 1e6,
                max(waits) / 1e6,
                p95(waits) / 1e6,
                max(excess) / 1e6,
                p95(excess) / 1e6,
                (upAt - returnAt) / 1e6,
                optionsMax / 1e6);
    LOG.warn(line.get());
    System.out.println(line.get());
  }

  private static long max(List<Long> v) {
    return v.stream().mapToLong(Long::longValue).max().orElse(0);
  }

  private static long p95(List<Long> v) {
    if (v.isEmpty()) {
      return 0;
    }
    List<Long> s = v.stream().sorted().toList();
    return s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.95) - 1));
  }
}
