package io.isthmus.bench.proxyload;

import io.isthmus.bench.harness.Args;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Puts the systems of one {@code scripts/proxy-bench} run side by side: per rate each system's
 * calls, failures, INVITE -> 200 p95 and CPU ms per call, and the ratio of the first system to the
 * second; then each system's maximum sustained rate. Prints a table and writes the same as JSON.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.isthmus.bench.proxyload.ProxyReport \
 *   --dir bench/target/proxy-bench --systems isthmus,kamailio-rtpengine \
 *   --json bench/target/proxy-bench.json
 * </pre>
 */
public final class ProxyReport {
  /** The goal for Isthmus: CPU per call for proxy and relay together. */
  static final double GOAL_MS_PER_CALL = 1.4;

  private ProxyReport() {}

  /** One system's results. */
  record SystemRun(
      String name,
      Optional<StepResult> warmup,
      double idleMillisPerSecond,
      List<StepResult> steps) {
    /** CPU ms per call net of the idle cost over the step's wall time; NaN without an idle run. */
    double netCpuMillisPerCall(StepResult s) {
      return (s.cpuNanos() / 1e6 - idleMillisPerSecond * s.wallSeconds()) / s.attempted();
    }

    Optional<StepResult> maxSustained() {
      // The highest rate sustained with every lower step sustained too.
      StepResult best = null;
      for (StepResult s : steps) {
        if (!s.sustained()) {
          break;
        }
        best = s;
      }
      return Optional.ofNullable(best);
    }

    Optional<StepResult> at(int rate) {
      return steps.stream().filter(s -> s.rate() == rate).findFirst();
    }
  }

  /**
   * Reads {@code DIR/SYSTEM.tsv}, or with {@code --repeats N} {@code DIR/rep-1/SYSTEM.tsv} to
   * {@code DIR/rep-N/SYSTEM.tsv}: a table per repetition, then the CPU per call over them.
   */
  public static void main(String[] argv) throws IOException {
    Args o = Args.parse(argv, List.of("dir", "systems", "json", "note", "repeats"));
    Path dir = Path.of(o.string("dir", "bench/target/proxy-bench"));
    List<String> systems = List.of(o.string("systems", "isthmus,kamailio-rtpengine").split(","));
    int repeats = o.integer("repeats", 0);
    String note = o.string("note", "");
    Path json = Path.of(o.string("json", "bench/target/proxy-bench.json"));
    if (repeats == 0) {
      List<SystemRun> runs = readAll(dir, systems);
      System.out.print(table(runs));
      Files.writeString(json, json(runs, note));
    } else {
      List<List<SystemRun>> reps = new ArrayList<>();
      List<String> jsons = new ArrayList<>();
      for (int k = 1; k <= repeats; k++) {
        List<SystemRun> runs = readAll(dir.resolve("rep-" + k), systems);
        reps.add(runs);
        System.out.println("repetition " + k + ":");
        System.out.print(table(runs));
        jsons.add(json(runs, note).strip());
      }
      System.out.print(CpuRepetitions.table(reps, systems));
      Files.writeString(
          json,
          "{\n  \"summary\": "
              + CpuRepetitions.json(reps, systems)
              + ",\n  \"runs\": [\n"
              + String.join(",\n", jsons)
              + "\n  ]\n}\n");
    }
    System.out.println("proxy-bench: wrote " + json);
  }

  private static List<SystemRun> readAll(Path dir, List<String> systems) throws IOException {
    List<SystemRun> runs = new ArrayList<>();
    for (String name : systems) {
      Path tsv = dir.resolve(name + ".tsv");
      if (Files.exists(tsv)) {
        runs.add(read(name, tsv));
      }
    }
    return runs;
  }

  static SystemRun read(String name, Path tsv) throws IOException {
    Optional<StepResult> warmup = Optional.empty();
    double idle = Double.NaN;
    List<StepResult> steps = new ArrayList<>();
    for (String line : Files.readAllLines(tsv)) {
      if (line.startsWith("idle\t")) {
        String[] f = line.split("\t");
        idle = Long.parseLong(f[1]) / 1e6 / Double.parseDouble(f[2]);
      } else if (line.startsWith("warmup\t")) {
        warmup = Optional.of(StepResult.parse(line.substring(7)));
      } else if (line.startsWith("step\t")) {
        steps.add(StepResult.parse(line.substring(5)));
      }
    }
    return new SystemRun(name, warmup, idle, steps);
  }

  static String table(List<SystemRun> runs) {
    StringBuilder t = new StringBuilder();
    List<Integer> rates =
        runs.stream()
            .flatMap(r -> r.steps().stream())
            .map(StepResult::rate)
            .distinct()
            .sorted()
            .toList();
    t.append(String.format(Locale.ROOT, "%6s", "cps"));
    for (SystemRun r : runs) {
      t.append(String.format(Locale.ROOT, " | %-54s", r.name()));
    }
    if (runs.size() == 2) {
      t.append(" | ratio ").append(runs.get(0).name()).append('/').append(runs.get(1).name());
    }
    t.append('\n').append(String.format(Locale.ROOT, "%6s", ""));
    for (int i = 0; i < runs.size(); i++) {
      t.append(
          String.format(
              Locale.ROOT,
              " | %7s %6s %6s %11s %8s %6s %4s",
              "calls",
              "failed",
              "p95 ms",
              "CPU ms/call",
              "net",
              "sipp",
              "ok"));
    }
    if (runs.size() == 2) {
      t.append(" | CPU/call  p95");
    }
    t.append('\n');
    for (int rate : rates) {
      t.append(String.format(Locale.ROOT, "%6d", rate));
      for (SystemRun r : runs) {
        Optional<StepResult> s = r.at(rate);
        t.append(
            s.map(
                    x ->
                        String.format(
                            Locale.ROOT,
                            " | %7d %6d %6.0f %11.3f %8.3f %6.3f %4s",
                            x.attempted(),
                            x.failed(),
                            x.p95Millis(),
                            x.cpuMillisPerCall(),
                            r.netCpuMillisPerCall(x),
                            x.loadMillisPerCall(),
                            x.sustained() ? "yes" : "NO"))
                .orElse(String.format(Locale.ROOT, " | %54s", "(not run)")));
      }
      if (runs.size() == 2) {
        Optional<StepResult> a = runs.get(0).at(rate);
        Optional<StepResult> b = runs.get(1).at(rate);
        if (a.isPresent() && b.isPresent()) {
          t.append(
              String.format(
                  Locale.ROOT,
                  " | %8.2f %5.2f",
                  a.get().cpuMillisPerCall() / b.get().cpuMillisPerCall(),
                  a.get().p95Millis() / b.get().p95Millis()));
        }
      }
      t.append('\n');
    }
    t.append(
        "net: CPU per call without the idle cost (CPU with no calls, per second of the step);"
            + " sipp: the load's CPU per call (calling sipp and the gateways' sipps)\n");
    for (SystemRun r : runs) {
      t.append(
          String.format(
              Locale.ROOT, "%s: idle CPU %.1f ms/s%n", r.name(), r.idleMillisPerSecond()));
    }
    for (SystemRun r : runs) {
      t.append(
          String.format(
              Locale.ROOT,
              "%s: max sustained %s calls/s (failed <= 0.1 %%, INVITE->200 p95 < 100 ms)%s%n",
              r.name(),
              r.maxSustained().map(s -> Integer.toString(s.rate())).orElse("none of the"),
              r.maxSustained()
                  .map(
                      s ->
                          String.format(
                              Locale.ROOT, "; there CPU %.3f ms/call", s.cpuMillisPerCall()))
                  .orElse("")));
    }
    t.append(
        String.format(
            Locale.ROOT,
            "goal: at most %.1f ms CPU per call for proxy and relay together%n",
            GOAL_MS_PER_CALL));
    return t.toString();
  }

  static String json(List<SystemRun> runs, String note) {
    Map<String, String> systems = new LinkedHashMap<>();
    for (SystemRun r : runs) {
      String steps =
          r.steps().stream()
              .map(x -> json(x, r.netCpuMillisPerCall(x)))
              .collect(Collectors.joining(",\n      "));
      systems.put(
          r.name(),
          "{\n    \"maxSustainedCallsPerSecond\": "
              + r.maxSustained().map(s -> Integer.toString(s.rate())).orElse("null")
              + ",\n    \"idleCpuMillisPerSecond\": "
              + number(r.idleMillisPerSecond())
              + ",\n    \"warmup\": "
              + r.warmup().map(x -> json(x, Double.NaN)).orElse("null")
              + ",\n    \"steps\": [\n      "
              + steps
              + "\n    ]\n  }");
    }
    StringBuilder ratios = new StringBuilder();
    if (runs.size() == 2) {
      for (StepResult a : runs.get(0).steps()) {
        Optional<StepResult> b = runs.get(1).at(a.rate());
        if (b.isPresent()) {
          if (!ratios.isEmpty()) {
            ratios.append(",\n    ");
          }
          ratios.append(
              String.format(
                  Locale.ROOT,
                  "{\"rate\": %d, \"cpuPerCall\": %s, \"p95\": %s}",
                  a.rate(),
                  number(a.cpuMillisPerCall() / b.get().cpuMillisPerCall()),
                  number(a.p95Millis() / b.get().p95Millis())));
        }
      }
    }
    return "{\n  \"criteria\": {\"maxFailedFraction\": "
        + StepResult.MAX_FAILED_FRACTION
        + ", \"maxP95Millis\": "
        + StepResult.MAX_P95_MILLIS
        + "},\n  \"goalCpuMillisPerCall\": "
        + GOAL_MS_PER_CALL
        + ",\n  \"note\": \""
        + note.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",\n  \"cpus\": "
        + Runtime.getRuntime().availableProcessors()
        + ",\n  \"systems\": {\n"
        + systems.entrySet().stream()
            .map(e -> "  \"" + e.getKey() + "\": " + e.getValue())
            .collect(Collectors.joining(",\n"))
        + "\n  },\n  \"ratios\": {\"of\": \""
        + (runs.size() == 2 ? runs.get(0).name() + "/" + runs.get(1).name() : "")
        + "\", \"steps\": [\n    "
        + ratios
        + "\n  ]}\n}\n";
  }

  private static String json(StepResult s, double netCpuMillisPerCall) {
    return String.format(
        Locale.ROOT,
        "{\"rate\": %d, \"seconds\": %d, \"attempted\": %d, \"successful\": %d, \"failed\": %d,"
            + " \"p50Millis\": %s, \"p95Millis\": %s, \"wallSeconds\": %.3f, \"cpuMillis\": %.1f,"
            + " \"cpuMillisPerCall\": %s, \"netCpuMillisPerCall\": %s, \"machineBusyMillis\": %.1f,"
            + " \"sippCpuMillis\": %.1f, \"sippCpuMillisPerCall\": %s, \"sustained\": %b}",
        s.rate(),
        s.seconds(),
        s.attempted(),
        s.successful(),
        s.failed(),
        number(s.p50Millis()),
        number(s.p95Millis()),
        s.wallSeconds(),
        s.cpuNanos() / 1e6,
        number(s.cpuMillisPerCall()),
        number(netCpuMillisPerCall),
        s.machineBusyNanos() / 1e6,
        s.loadNanos() / 1e6,
        number(s.loadMillisPerCall()),
        s.sustained());
  }

  /** A JSON number, or null for NaN and infinities (JSON has neither). */
  static String number(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
  }
}
