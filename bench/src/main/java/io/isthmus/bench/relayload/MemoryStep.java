package io.isthmus.bench.relayload;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory per idle session: on a freshly started relay, set up and delete a warm-up batch (so that
 * first-use costs, class loading, JIT, allocator arenas, are not charged to the sessions), read
 * VmRSS, set up {@code sessions} calls (offer + answer, no media), let it settle, read VmRSS again.
 * Between the two, the relay's CPU while it holds no call ({@link
 * MemoryResult#idleCpuMsPerSecond}).
 *
 * <p>For a JVM relay the RSS difference depends on how far the heap happens to have grown, so the
 * step also forces a full GC through {@code jcmd <pid> GC.run} before each reading and reports the
 * live heap from {@code GC.heap_info}: the RSS figure is what an operator sees, the heap figure is
 * what the sessions really hold.
 */
final class MemoryStep {
  private static final Duration SETTLE = Duration.ofSeconds(3);
  private static final Duration IDLE = Duration.ofSeconds(10);
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)([KM])");

  private final InetSocketAddress ng;
  private final long relayPid;
  private final String engine;
  private final int run;
  private final boolean jvm;

  MemoryStep(InetSocketAddress ng, long relayPid, String engine, int run, boolean jvm) {
    this.ng = ng;
    this.relayPid = relayPid;
    this.engine = engine;
    this.run = run;
    this.jvm = jvm;
  }

  /**
   * First, on the fresh relay, times the set-up of {@code freshCalls} calls (offer + answer each,
   * {@link NgCalls}' window of requests in flight) and deletes them: how fast a relay serves right
   * after it started, and the warm-up of what follows. Then for each count of {@code sessions}
   * (ascending) holds that many idle calls and reads RSS and live heap against the reading before
   * the first of them.
   */
  List<MemoryResult> measure(int[] sessions, int freshCalls) throws Exception {
    String prefix = "idle-" + engine + "-r" + run + "-" + System.nanoTime();
    List<MemoryResult> out = new ArrayList<>();
    double clientWarmUp = ClientWarmUp.run();
    System.out.printf(
        Locale.ROOT,
        "%s fresh: the generator's NG client warmed on a loopback echo in %.0f ms%n",
        engine,
        clientWarmUp);
    try (NgCalls fresh = NgCalls.connect(ng, prefix + "-fresh")) {
      fresh.awaitReady(Duration.ofSeconds(30));
      long cpu0 = ProcStat.cpuNanos(relayPid);
      long t0 = System.nanoTime();
      fresh.setUp(parties("127.0.1.100", freshCalls), parties("127.0.2.100", freshCalls));
      double freshMillis = (System.nanoTime() - t0) / 1e6;
      double freshCpuMillis = (ProcStat.cpuNanos(relayPid) - cpu0) / 1e6;
      fresh.deleteAll(freshCalls);
      settle();
      double idleCpu = idleCpuMsPerSecond();
      long rss0 = ProcStat.rssKib(relayPid);
      long heap0 = heapUsedKib();
      int held = 0;
      List<NgCalls> batches = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      try {
        for (int target : sessions) {
          NgCalls more = NgCalls.connect(ng, prefix + "-" + target);
          batches.add(more);
          sizes.add(target - held);
          more.setUp(parties("127.0.1.100", target - held), parties("127.0.2.100", target - held));
          held = target;
          settle();
          long rss1 = ProcStat.rssKib(relayPid);
          long heap1 = heapUsedKib();
          out.add(
              new MemoryResult(
                  engine,
                  run,
                  target,
                  rss0,
                  rss1,
                  (rss1 - rss0) / (double) target,
                  heap0,
                  heap1,
                  jvm ? (heap1 - heap0) / (double) target : Double.NaN,
                  freshCalls,
                  freshMillis,
                  freshCpuMillis,
                  idleCpu));
        }
      } finally {
        for (int i = 0; i < batches.size(); i++) {
          batches.get(i).deleteAll(sizes.get(i));
          batches.get(i).close();
        }
      }
    }
    return out;
  }

  /** Addresses for parties that never send: the relay only needs them in the SDP. */
  static List<InetSocketAddress> parties(String ip, int count) {
    List<InetSocketAddress> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new InetSocketAddress(InetAddress.ofLiteral(ip), 20000 + 2 * (i % 10000)));
    }
    return out;
  }

  /** The relay's CPU over {@link #IDLE} with no call: ms of CPU per second. */
  private double idleCpuMsPerSecond() throws InterruptedException {
    long cpu0 = ProcStat.threadsOnCpuNanos(relayPid);
    long t0 = System.nanoTime();
    Thread.sleep(IDLE);
    long cpu1 = ProcStat.threadsOnCpuNanos(relayPid);
    return (cpu1 - cpu0) / 1e6 / ((System.nanoTime() - t0) / 1e9);
  }

  private void settle() throws IOException, InterruptedException {
    Thread.sleep(SETTLE);
    if (jvm) {
      jcmd("GC.run");
      Thread.sleep(Duration.ofSeconds(1));
    }
  }

  private long heapUsedKib() throws IOException, InterruptedException {
    if (!jvm) {
      return -1;
    }
    String info = jcmd("GC.heap_info");
    // One "used" per generation or space (Serial: young and tenured; G1, ZGC: one), and one for
    // Metaspace, which is not heap.
    long kib = 0;
    boolean found = false;
    for (String line : info.split("\n")) {
      Matcher m = HEAP_USED.matcher(line);
      if (!line.contains("Metaspace") && !line.contains("class space") && m.find()) {
        long v = Long.parseLong(m.group(1));
        kib += m.group(2).equals("M") ? v * 1024 : v;
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException("no heap use in jcmd GC.heap_info output:\n" + info);
    }
    return kib;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(relayPid), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("jcmd " + relayPid + " " + command + " failed:\n" + out);
    }
    return out;
  }
}
