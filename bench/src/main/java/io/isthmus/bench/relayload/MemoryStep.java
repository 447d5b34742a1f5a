package io.isthmus.bench.relayload;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory per idle session: on a freshly started relay, set up and delete a warm-up batch (so that
 * first-use costs, class loading, JIT, allocator arenas, are not charged to the sessions), read
 * VmRSS, set up {@code sessions} calls (offer + answer, no media), let it settle, read VmRSS again.
 *
 * <p>For a JVM relay the RSS difference depends on how far the heap happens to have grown, so the
 * step also forces a full GC through {@code jcmd <pid> GC.run} before each reading and reports the
 * live heap from {@code GC.heap_info}: the RSS figure is what an operator sees, the heap figure is
 * what the sessions really hold.
 */
final class MemoryStep {
  private static final Duration SETTLE = Duration.ofSeconds(3);
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

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

  MemoryResult measure(int sessions, int warmupCalls) throws Exception {
    String prefix = "idle-" + engine + "-r" + run + "-" + System.nanoTime();
    try (NgCalls warm = NgCalls.connect(ng, prefix + "-warm");
        NgCalls idle = NgCalls.connect(ng, prefix)) {
      warm.awaitReady(Duration.ofSeconds(15));
      warm.setUp(parties("127.0.1.100", warmupCalls), parties("127.0.2.100", warmupCalls));
      warm.deleteAll(warmupCalls);
      settle();
      long rss0 = ProcStat.rssKib(relayPid);
      long heap0 = heapUsedKib();
      idle.setUp(parties("127.0.1.100", sessions), parties("127.0.2.100", sessions));
      settle();
      long rss1 = ProcStat.rssKib(relayPid);
      long heap1 = heapUsedKib();
      idle.deleteAll(sessions);
      return new MemoryResult(
          engine,
          run,
          sessions,
          rss0,
          rss1,
          (rss1 - rss0) / (double) sessions,
          heap0,
          heap1,
          jvm ? (heap1 - heap0) / (double) sessions : Double.NaN);
    }
  }

  /** Addresses for parties that never send: the relay only needs them in the SDP. */
  private static List<InetSocketAddress> parties(String ip, int count) {
    List<InetSocketAddress> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new InetSocketAddress(InetAddress.ofLiteral(ip), 20000 + 2 * (i % 10000)));
    }
    return out;
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
    Matcher m = HEAP_USED.matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("no heap use in jcmd GC.heap_info output:\n" + info);
    }
    return Long.parseLong(m.group(1));
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
