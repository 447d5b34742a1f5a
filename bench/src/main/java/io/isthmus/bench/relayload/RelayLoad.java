package io.isthmus.bench.relayload;

import io.isthmus.bench.harness.Args;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The load generator: drives one running relay (Isthmus or rtpengine, found by its NG address and
 * PID) and writes each measurement as a properties file for {@link RelayReport}.
 *
 * <pre>
 * RelayLoad --mode load   --engine isthmus --relay-pid 1234 --ng 127.0.0.1:22300 \
 *           --steps 500,750,1000 --warmup 10 --window 20 [--shared-sockets 0] [--run 1]
 * RelayLoad --mode memory --engine isthmus --relay-pid 1234 --ng 127.0.0.1:22300 \
 *           --sessions 1000,1500 --fresh-calls 500 --jvm true
 * </pre>
 *
 * Steps are numbers of calls; each carries 100 packets/s (50 per direction), so 500, 750 and 1000
 * calls offer 50k, 75k and 100k packets/s. The generator exits by itself after the last step.
 */
public final class RelayLoad {
  /** Beyond warm-up and window: call set-up, tear-down and the receiver's grace, generously. */
  private static final Duration STEP_SLACK = Duration.ofSeconds(90);

  private RelayLoad() {}

  public static void main(String[] argv) throws Exception {
    Args a =
        Args.parse(
            argv,
            List.of(
                "mode",
                "engine",
                "run",
                "relay-pid",
                "ng",
                "steps",
                "warmup",
                "window",
                "shared-sockets",
                "sessions",
                "fresh-calls",
                "jvm",
                "out"));
    String engine = a.required("engine");
    int run = a.integer("run", 1);
    long pid = a.longValue("relay-pid", -1);
    if (pid <= 0 || !ProcStat.alive(pid)) {
      throw new IllegalArgumentException("--relay-pid must name the running relay, got " + pid);
    }
    InetSocketAddress ng = a.socket("ng", "127.0.0.1:22300");
    Path out = Path.of(a.string("out", "bench/target/relay-bench"));
    switch (a.string("mode", "load")) {
      case "load" -> {
        Duration warmup = a.seconds("warmup", Duration.ofSeconds(10));
        Duration window = a.seconds("window", Duration.ofSeconds(20));
        int[] steps = a.integers("steps", "500,750,1000");
        watchdog(warmup.plus(window).plus(STEP_SLACK).multipliedBy(steps.length));
        var step =
            new LoadStep(ng, pid, engine, run, warmup, window, a.integer("shared-sockets", 0));
        for (int calls : steps) {
          StepResult r = step.measure(calls);
          RecordFiles.write(
              r, out.resolve("load-" + engine + "-r" + run + "-" + calls + ".properties"));
          System.out.println(summary(r));
          Thread.sleep(Duration.ofSeconds(2)); // let the relay drop the deleted calls
        }
      }
      case "memory" -> {
        watchdog(STEP_SLACK.multipliedBy(2));
        List<MemoryResult> rs =
            new MemoryStep(ng, pid, engine, run, Boolean.parseBoolean(a.string("jvm", "false")))
                .measure(a.integers("sessions", "1000,1500"), a.integer("fresh-calls", 500));
        for (MemoryResult r : rs) {
          RecordFiles.write(
              r, out.resolve("memory-" + engine + "-r" + run + "-" + r.sessions() + ".properties"));
          System.out.printf(
              Locale.ROOT,
              "%s fresh: %d calls set up in %.0f ms (relay CPU %.0f ms); memory: %d idle sessions, RSS %d -> %d KiB ="
                  + " %.1f KiB/session, heap %.1f KiB/session; idle %.2f ms CPU/s%n",
              engine,
              r.freshCalls(),
              r.freshSetupMillis(),
              r.freshSetupCpuMillis(),
              r.sessions(),
              r.rssBeforeKib(),
              r.rssAfterKib(),
              r.rssKibPerSession(),
              r.heapKibPerSession(),
              r.idleCpuMsPerSecond());
        }
      }
      default -> throw new IllegalArgumentException("--mode is load or memory");
    }
    System.exit(0); // the NG client's event loop is not a daemon
  }

  /**
   * Ends the generator if it has not finished by {@code limit}: a relay that stops answering, or a
   * generator thread that died, must not leave the benchmark hanging.
   */
  private static void watchdog(Duration limit) {
    Thread.ofPlatform()
        .daemon()
        .name("relay-load-watchdog")
        .start(
            () -> {
              try {
                Thread.sleep(limit);
              } catch (InterruptedException e) {
                return;
              }
              System.err.println("relay-load: no result after " + limit + ", giving up");
              Runtime.getRuntime().halt(3);
            });
  }

  static String summary(StepResult r) {
    return String.format(
        Locale.ROOT,
        "%s %d calls (%d pps): relayed %d/%d (loss %.3f%%), relay CPU %.2f us/pkt (%.0f%% core),"
            + " latency p50 %.0f us p99 %.0f us p99.9 %.0f us, generator %.0f%%, other %.0f%%,"
            + " late ticks %d",
        r.engine(),
        r.calls(),
        r.offeredPps(),
        r.received(),
        r.sent(),
        r.lossPercent(),
        r.relayCpuMicrosPerPacket(),
        r.relayCpuPercent(),
        r.p50Micros(),
        r.p99Micros(),
        r.p999Micros(),
        r.generatorCpuPercent(),
        r.otherCpuPercent(),
        r.lateTicks());
  }
}
