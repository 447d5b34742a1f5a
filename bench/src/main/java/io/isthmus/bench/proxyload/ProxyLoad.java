package io.isthmus.bench.proxyload;

import io.isthmus.bench.harness.Args;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the load steps against one system under test, which {@code scripts/proxy-bench} has started
 * (with the sipp gateways) and stops afterwards:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.isthmus.bench.proxyload.ProxyLoad \
 *   --system isthmus --pids 1234 --scenario interop/src/test/resources/proxy/uac.xml \
 *   --rates 50,100,200,400,800 --step 20 --warmup 10 --call-ms 1000 --out bench/target/proxy-bench
 * </pre>
 *
 * Each step is one sipp run at a fixed rate (see {@link SippCaller}); the CPU time of the processes
 * {@code --pids} and their descendants is read before and after. A warm-up step ({@code
 * --warmup-rate}, default 200 calls/s) comes first and is reported apart (a JVM compiles its hot
 * code then), then, after {@code --idle-after} seconds for the warm-up's calls to drain (default
 * 40: a call's transactions live 32 s past its 2xx, RFC 6026) and the JIT to finish, {@code --idle}
 * seconds without calls measure the system's fixed CPU cost ({@code --ready-idle S}: also S seconds
 * without calls before the warm-up, a fresh system's). Steps stop after the first rate the system
 * does not sustain, unless {@code --keep-going true}. The results go to {@code OUT/SYSTEM.tsv} for
 * {@link ProxyReport}. With {@code --load-pids} (the gateways' sipps) each step also measures the
 * load's CPU: those processes and the calling sipp.
 */
public final class ProxyLoad {
  private ProxyLoad() {}

  public static void main(String[] argv) throws Exception {
    Args o =
        Args.parse(
            argv,
            List.of(
                "system",
                "pids",
                "proxy",
                "caller",
                "scenario",
                "rates",
                "step",
                "warmup",
                "call-ms",
                "out",
                "sipp",
                "keep-going",
                "idle",
                "idle-after",
                "warmup-rate",
                "ready-idle",
                "load-pids"));
    String system = o.required("system");
    List<Long> pids = o.longs("pids");
    String proxy = o.string("proxy", "127.0.1.1:27380");
    String caller = o.string("caller", "127.0.1.100");
    List<Integer> rates = Arrays.stream(o.integers("rates", "50,100,200,400,800")).boxed().toList();
    int step = o.integer("step", 20);
    int warmup = o.integer("warmup", 10);
    int idle = o.integer("idle", 5);
    int idleAfter = o.integer("idle-after", 40);
    int warmupRate = o.integer("warmup-rate", 200);
    int readyIdle = o.integer("ready-idle", 0);
    List<Long> gateways =
        o.string("load-pids", "").isEmpty() ? List.<Long>of() : o.longs("load-pids");
    Path out = Path.of(o.string("out", "bench/target/proxy-bench")).toAbsolutePath();
    boolean keepGoing = Boolean.parseBoolean(o.string("keep-going", "false"));

    Path dir = out.resolve(system);
    Files.createDirectories(dir);
    Path scenario =
        fill(
            Path.of(o.string("scenario", "interop/src/test/resources/proxy/uac.xml"))
                .toAbsolutePath(),
            o.string("call-ms", "1000"),
            proxy.substring(0, proxy.indexOf(':')),
            dir.resolve("uac.xml"));
    waitUntilAnswering(proxy, caller, pids);
    SippCaller sipp =
        new SippCaller(Path.of(o.string("sipp", "/usr/bin/sipp")), scenario, caller, proxy);

    List<String> lines = new ArrayList<>();
    lines.add("# system\t" + system);
    if (readyIdle > 0) {
      // A fresh system's fixed cost before any call: its start-up tail (the JIT) shows here.
      String fresh = idle(pids, readyIdle);
      System.out.printf(Locale.ROOT, "proxy-bench: %-22s after start, %s%n", system, fresh);
      lines.add("# ready-idle\t" + fresh);
    }
    if (warmup > 0) {
      StepResult w = sipp.run(dir.resolve("warmup"), warmupRate, warmup, pids, gateways);
      print(system + " warm-up", w);
      lines.add("warmup\t" + w.toLine());
    }
    if (idle > 0) {
      // What the system costs with no calls (timers, probes, its runtime): the steps' CPU includes
      // it, the report also shows the CPU per call without it. The warm-up's calls drain first:
      // their timers and the JIT's tail are not what a system costs at rest.
      Thread.sleep(idleAfter * 1000L);
      long cpu0 = ProcessTreeCpu.cpuNanos(pids);
      long t0 = System.nanoTime();
      Thread.sleep(idle * 1000L); // the measuring window
      double seconds = (System.nanoTime() - t0) / 1e9;
      long cpu = ProcessTreeCpu.cpuNanos(pids) - cpu0;
      System.out.printf(
          Locale.ROOT,
          "proxy-bench: %-22s idle %ds, %ds after the warm-up: CPU %.1f ms/s%n",
          system,
          idle,
          idleAfter,
          cpu / 1e6 / seconds);
      lines.add(String.format(Locale.ROOT, "idle\t%d\t%.3f", cpu, seconds));
    }
    for (int rate : rates) {
      StepResult r = sipp.run(dir.resolve("rate-" + rate), rate, step, pids, gateways);
      print(system, r);
      lines.add("step\t" + r.toLine());
      Files.write(out.resolve(system + ".tsv"), lines);
      for (long pid : pids) {
        if (!ProcessTreeCpu.alive(pid)) {
          throw new IllegalStateException(system + " process " + pid + " died during the step");
        }
      }
      if (!r.sustained() && !keepGoing) {
        break;
      }
    }
    Files.write(out.resolve(system + ".tsv"), lines);
  }

  /** CPU of {@code pids} over {@code seconds} without calls, as text (ms/s). */
  private static String idle(List<Long> pids, int seconds) throws InterruptedException {
    long cpu0 = ProcessTreeCpu.cpuNanos(pids);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L); // the measuring window
    double wall = (System.nanoTime() - t0) / 1e9;
    long cpu = ProcessTreeCpu.cpuNanos(pids) - cpu0;
    return String.format(
        Locale.ROOT, "idle %.0f s: CPU %.1f ms/s (%.0f ms)", wall, cpu / 1e6 / wall, cpu / 1e6);
  }

  private static void print(String what, StepResult r) {
    System.out.printf(
        Locale.ROOT,
        "proxy-bench: %-22s %4d cps x %ds: %d calls, %d ok, %d failed, INVITE->200 p50 %.0f ms"
            + " p95 %.0f ms, CPU %.3f ms/call (sipp %.3f), %s%n",
        what,
        r.rate(),
        r.seconds(),
        r.attempted(),
        r.successful(),
        r.failed(),
        r.p50Millis(),
        r.p95Millis(),
        r.cpuMillisPerCall(),
        r.loadMillisPerCall(),
        r.sustained() ? "sustained" : "NOT sustained");
  }

  /** The interop test's caller scenario with the bench's values filled in. */
  static Path fill(Path template, String callMs, String proxyAddress, Path target)
      throws IOException {
    String text =
        Files.readString(template, StandardCharsets.ISO_8859_1)
            .replace("@RELAY_IF_RE@", proxyAddress.replace(".", "\\."))
            // No RTP flows in the bench: the ports are only announced.
            .replace("@RTP_PORT@", "27384")
            .replace("@VIDEO_PORT@", "27388")
            .replace("@CALL_MS@", callMs);
    if (text.matches("(?s).*@[A-Z_]+@.*")) {
      throw new IllegalArgumentException("unfilled placeholder in " + template);
    }
    Files.writeString(target, text, StandardCharsets.ISO_8859_1);
    return target;
  }

  /** Polls the proxy with OPTIONS from the caller's address until it answers 200 (30 s at most). */
  static void waitUntilAnswering(String proxy, String caller, List<Long> pids) throws IOException {
    String host = proxy.substring(0, proxy.indexOf(':'));
    int port = Integer.parseInt(proxy.substring(proxy.indexOf(':') + 1));
    long deadline = System.nanoTime() + 30_000_000_000L;
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(caller, 0))) {
      s.setSoTimeout(200);
      for (int i = 0; ; i++) {
        String options =
            "OPTIONS sip:"
                + host
                + ":"
                + port
                + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP "
                + caller
                + ":"
                + s.getLocalPort()
                + ";branch=z9hG4bK-bench-"
                + i
                + "\r\n"
                + "From: <sip:bench@"
                + caller
                + ">;tag=bench\r\n"
                + "To: <sip:"
                + host
                + ">\r\n"
                + "Call-ID: bench-ready-"
                + i
                + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] b = options.getBytes(StandardCharsets.US_ASCII);
        s.send(new DatagramPacket(b, b.length, new InetSocketAddress(host, port)));
        byte[] in = new byte[4096];
        DatagramPacket reply = new DatagramPacket(in, in.length);
        try {
          s.receive(reply);
          if (new String(in, 0, reply.getLength(), StandardCharsets.US_ASCII)
              .startsWith("SIP/2.0 200")) {
            return;
          }
        } catch (SocketTimeoutException e) {
          // not up yet
        }
        for (long pid : pids) {
          if (!ProcessTreeCpu.alive(pid)) {
            throw new IllegalStateException("process " + pid + " exited during start-up");
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the proxy at " + proxy + " does not answer OPTIONS");
        }
      }
    }
  }
}
