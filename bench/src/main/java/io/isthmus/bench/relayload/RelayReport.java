package io.isthmus.bench.relayload;

import io.isthmus.bench.harness.Args;
import io.isthmus.bench.report.SeriesFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Puts the engines side by side: reads every result {@link RelayLoad} left in the results folder,
 * prints one table per run with Isthmus' figures as a ratio of rtpengine's measured in the same
 * run, the spread over runs, and the project's goals; writes everything as one JSON document.
 *
 * <pre>RelayReport --dir bench/target/relay-bench --json bench/target/relay-bench.json</pre>
 */
public final class RelayReport {
  static final String ISTHMUS = "isthmus";
  static final String RTPENGINE = "rtpengine";

  /** Goals from the relay issues (performance, round 2). */
  static final double GOAL_CPU_MICROS = 5;

  /** CPU per packet at most this share of rtpengine's in the same run. */
  static final double GOAL_CPU_RATIO = 0.5;

  static final double GOAL_KIB_PER_SESSION = 20;

  /** A fresh relay sets up its first calls (500 in the harness) within this. */
  static final double GOAL_FRESH_SETUP_MILLIS = 250;

  private RelayReport() {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv, List.of("dir", "json", "series"));
    Path dir = Path.of(a.string("dir", "bench/target/relay-bench"));
    List<StepResult> steps = RecordFiles.readAll(dir, "load-", StepResult.class);
    List<MemoryResult> memory = RecordFiles.readAll(dir, "memory-", MemoryResult.class);
    steps.sort(
        Comparator.comparingInt(StepResult::run)
            .thenComparingInt(StepResult::calls)
            .thenComparing(StepResult::engine));
    System.out.print(table(steps));
    System.out.printf(
        "cpu us/p: relay CPU (user+sys, all threads) per relayed packet; kern%%: its share in the"
            + " kernel;%nrelay%%, gen%%, other%%:"
            + " CPU of the relay, the generator and everything else, in %% of one core;%n"
            + "late: 1 ms send ticks that started over 1 ms late (the generator was starved and"
            + " offered less than the nominal pps: compare sent/s).%n");
    System.out.print(memoryTable(memory));
    System.out.print(spread(steps));
    System.out.print(goals(steps, memory));
    Path json = Path.of(a.string("json", "bench/target/relay-bench.json"));
    Files.writeString(json, json(steps, memory));
    System.out.println("written: " + json);
    String series = a.string("series", "");
    if (!series.isEmpty()) {
      Files.write(Path.of(series), series(steps, memory));
      System.out.println("written: " + series);
    }
  }

  static String table(List<StepResult> steps) {
    var sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%n%-4s %-7s %-10s %8s %9s %8s %9s %7s %5s %6s %6s %8s %8s %9s %6s%n",
            "run",
            "pps",
            "engine",
            "sent/s",
            "relayed/s",
            "loss %",
            "cpu us/p",
            "relay%",
            "kern%",
            "gen%",
            "other%",
            "p50 us",
            "p99 us",
            "p99.9 us",
            "late"));
    for (StepResult r : steps) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-4d %-7d %-10s %8.0f %9.0f %8.3f %9.2f %7.0f %5.0f %6.0f %6.0f %8.0f %8.0f %9.0f %6d%n",
              r.run(),
              r.offeredPps(),
              r.engine(),
              r.sent() / r.windowSeconds(),
              r.received() / r.windowSeconds(),
              r.lossPercent(),
              r.relayCpuMicrosPerPacket(),
              r.relayCpuPercent(),
              r.relayKernelPercent(),
              r.generatorCpuPercent(),
              r.otherCpuPercent(),
              r.p50Micros(),
              r.p99Micros(),
              r.p999Micros(),
              r.lateTicks()));
      if (r.engine().equals(ISTHMUS)) {
        find(steps, RTPENGINE, r.run(), r.calls())
            .ifPresent(
                base ->
                    sb.append(
                        String.format(
                            Locale.ROOT,
                            "%-4s %-7s %-10s %8s %9s %8s %8.2fx %7s %5s %6s %6s %7.2fx %7.2fx %8.2fx%n",
                            "",
                            "",
                            "ratio",
                            "",
                            "",
                            "",
                            ratio(r, base, StepResult::relayCpuMicrosPerPacket),
                            "",
                            "",
                            "",
                            "",
                            ratio(r, base, StepResult::p50Micros),
                            ratio(r, base, StepResult::p99Micros),
                            ratio(r, base, StepResult::p999Micros))));
      }
    }
    return sb.toString();
  }

  static String memoryTable(List<MemoryResult> memory) {
    var sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%n%-4s %-10s %9s %12s %12s %14s %15s %26s %10s%n",
            "run",
            "engine",
            "sessions",
            "RSS before",
            "RSS after",
            "RSS KiB/sess",
            "heap KiB/sess",
            "fresh set-up",
            "idle ms/s"));
    for (MemoryResult m : memory) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-4d %-10s %9d %10d K %10d K %14.1f %15s %26s %10.2f%n",
              m.run(),
              m.engine(),
              m.sessions(),
              m.rssBeforeKib(),
              m.rssAfterKib(),
              m.rssKibPerSession(),
              Double.isNaN(m.heapKibPerSession())
                  ? "-"
                  : String.format(Locale.ROOT, "%.1f", m.heapKibPerSession()),
              String.format(
                  Locale.ROOT,
                  "%d in %.0f ms (CPU %.0f)",
                  m.freshCalls(),
                  m.freshSetupMillis(),
                  m.freshSetupCpuMillis()),
              m.idleCpuMsPerSecond()));
    }
    return sb.toString();
  }

  /** Min and max over runs of the headline figures, per engine and step. */
  static String spread(List<StepResult> steps) {
    var sb = new StringBuilder();
    if (steps.stream().mapToInt(StepResult::run).distinct().count() < 2) {
      return "";
    }
    sb.append(String.format("%nover runs: median (min..max)%n"));
    for (int calls : new TreeSet<>(steps.stream().map(StepResult::calls).toList())) {
      for (String engine : List.of(ISTHMUS, RTPENGINE)) {
        List<StepResult> rs =
            steps.stream().filter(r -> r.calls() == calls && r.engine().equals(engine)).toList();
        if (!rs.isEmpty()) {
          sb.append(
              String.format(
                  Locale.ROOT,
                  "%-7d %-10s cpu %s us/pkt, p50 %s us, p99 %s us, p99.9 %s us, loss %s %%%n",
                  rs.getFirst().offeredPps(),
                  engine,
                  range(rs, StepResult::relayCpuMicrosPerPacket, "%.2f"),
                  range(rs, StepResult::p50Micros, "%.0f"),
                  range(rs, StepResult::p99Micros, "%.0f"),
                  range(rs, StepResult::p999Micros, "%.0f"),
                  range(rs, StepResult::lossPercent, "%.3f")));
        }
      }
    }
    return sb.toString();
  }

  static String goals(List<StepResult> steps, List<MemoryResult> memory) {
    var sb = new StringBuilder(String.format("%ngoals (Isthmus)%n"));
    for (StepResult r : steps) {
      if (r.engine().equals(ISTHMUS)) {
        Optional<StepResult> base = find(steps, RTPENGINE, r.run(), r.calls());
        double cpuRatio =
            base.map(b -> ratio(r, b, StepResult::relayCpuMicrosPerPacket)).orElse(Double.NaN);
        sb.append(
            String.format(
                Locale.ROOT,
                "run %d %6d pps: cpu %.2f us/pkt (goal <= %.0f: %s), %.2fx rtpengine (goal <= %.1fx: %s),"
                    + " p99.9 %.0f us vs rtpengine %s (goal <=: %s)%n",
                r.run(),
                r.offeredPps(),
                r.relayCpuMicrosPerPacket(),
                GOAL_CPU_MICROS,
                met(r.relayCpuMicrosPerPacket() <= GOAL_CPU_MICROS),
                cpuRatio,
                GOAL_CPU_RATIO,
                met(cpuRatio <= GOAL_CPU_RATIO),
                r.p999Micros(),
                base.map(b -> String.format(Locale.ROOT, "%.0f us", b.p999Micros())).orElse("-"),
                met(base.isPresent() && r.p999Micros() <= base.get().p999Micros())));
      }
    }
    for (MemoryResult m : memory) {
      if (m.engine().equals(ISTHMUS)) {
        sb.append(
            String.format(
                Locale.ROOT,
                "run %d memory at %d sessions: %.1f KiB/session RSS (goal <= %.0f: %s)%n",
                m.run(),
                m.sessions(),
                m.rssKibPerSession(),
                GOAL_KIB_PER_SESSION,
                met(m.rssKibPerSession() <= GOAL_KIB_PER_SESSION)));
      }
    }
    memory.stream()
        .filter(m -> m.engine().equals(ISTHMUS))
        .map(m -> m.run() + ":" + m.freshCalls() + ":" + m.freshSetupMillis())
        .distinct()
        .forEach(
            key -> {
              String[] f = key.split(":");
              double ms = Double.parseDouble(f[2]);
              sb.append(
                  String.format(
                      Locale.ROOT,
                      "run %s fresh relay: %s calls set up in %.0f ms (goal <= %.0f: %s)%n",
                      f[0],
                      f[1],
                      ms,
                      GOAL_FRESH_SETUP_MILLIS,
                      met(ms <= GOAL_FRESH_SETUP_MILLIS)));
            });
    return sb.toString();
  }

  private static String met(boolean met) {
    return met ? "met" : "NOT met";
  }

  /** The charts of the HTML report ({@link io.isthmus.bench.report.SeriesFile}'s format). */
  static List<String> series(List<StepResult> steps, List<MemoryResult> memory) {
    List<String> out = new ArrayList<>();
    out.add("title\trelay-bench: Isthmus and rtpengine under the same RTP load");
    out.add(
        "note\tEach point is the median of the runs, the bar their range. Load: 172-byte RTP,"
            + " 50 packets/s per direction per call; CPU of the relay process (user + system, all"
            + " threads) per packet relayed; latency one way through the relay.");
    out.add(SeriesFile.plot("cpu", "CPU per relayed packet", "offered packets/s", "us", false));
    out.add(SeriesFile.plot("core", "Relay CPU", "offered packets/s", "% of one core", false));
    out.add(SeriesFile.plot("p50", "Latency p50", "offered packets/s", "us", true));
    out.add(SeriesFile.plot("p99", "Latency p99", "offered packets/s", "us", true));
    out.add(SeriesFile.plot("p999", "Latency p99.9", "offered packets/s", "us", true));
    out.add(SeriesFile.plot("loss", "Loss", "offered packets/s", "% of packets", false));
    out.add(SeriesFile.plot("rss", "Memory per idle session", "sessions", "KiB RSS", false));
    out.add(
        SeriesFile.plot(
            "fresh",
            "Fresh relay: set-up of the first calls",
            "calls",
            "ms (offer + answer)",
            true));
    for (StepResult r : steps) {
      double pps = r.offeredPps();
      out.add(SeriesFile.point("cpu", r.engine(), pps, r.relayCpuMicrosPerPacket()));
      out.add(SeriesFile.point("core", r.engine(), pps, r.relayCpuPercent()));
      out.add(SeriesFile.point("p50", r.engine(), pps, r.p50Micros()));
      out.add(SeriesFile.point("p99", r.engine(), pps, r.p99Micros()));
      out.add(SeriesFile.point("p999", r.engine(), pps, r.p999Micros()));
      out.add(SeriesFile.point("loss", r.engine(), pps, r.lossPercent()));
    }
    for (MemoryResult m : memory) {
      out.add(SeriesFile.point("rss", m.engine(), m.sessions(), m.rssKibPerSession()));
    }
    memory.stream()
        .filter(m -> m.sessions() == memory.getFirst().sessions())
        .forEach(
            m ->
                out.add(
                    SeriesFile.point("fresh", m.engine(), m.freshCalls(), m.freshSetupMillis())));
    return out;
  }

  static String json(List<StepResult> steps, List<MemoryResult> memory) {
    List<String> ratios = new ArrayList<>();
    for (StepResult r : steps) {
      if (r.engine().equals(ISTHMUS)) {
        find(steps, RTPENGINE, r.run(), r.calls())
            .ifPresent(
                base ->
                    ratios.add(
                        String.format(
                            Locale.ROOT,
                            "{\"run\": %d, \"offeredPps\": %d, \"cpuPerPacket\": %.4f,"
                                + " \"p50\": %.4f, \"p99\": %.4f, \"p999\": %.4f}",
                            r.run(),
                            r.offeredPps(),
                            ratio(r, base, StepResult::relayCpuMicrosPerPacket),
                            ratio(r, base, StepResult::p50Micros),
                            ratio(r, base, StepResult::p99Micros),
                            ratio(r, base, StepResult::p999Micros))));
      }
    }
    return "{\n  \"steps\": [\n    "
        + String.join(",\n    ", steps.stream().map(RecordFiles::json).toList())
        + "\n  ],\n  \"isthmusOverRtpengine\": [\n    "
        + String.join(",\n    ", ratios)
        + "\n  ],\n  \"memory\": [\n    "
        + String.join(",\n    ", memory.stream().map(RecordFiles::json).toList())
        + "\n  ]\n}\n";
  }

  private static Optional<StepResult> find(
      List<StepResult> steps, String engine, int run, int calls) {
    return steps.stream()
        .filter(s -> s.engine().equals(engine) && s.run() == run && s.calls() == calls)
        .findFirst();
  }

  private static double ratio(StepResult r, StepResult base, ToDoubleFunction<StepResult> f) {
    return f.applyAsDouble(r) / f.applyAsDouble(base);
  }

  /** "median (min..max)" over the runs. */
  private static String range(List<StepResult> rs, ToDoubleFunction<StepResult> f, String fmt) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return "-";
    }
    double median =
        v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return String.format(Locale.ROOT, fmt, median)
        + " ("
        + String.format(Locale.ROOT, fmt, v[0])
        + ".."
        + String.format(Locale.ROOT, fmt, v[v.length - 1])
        + ")";
  }
}
