package io.isthmus.bench.proxyload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One step of load: a sipp UAC placing calls at a fixed rate for a fixed time through the proxy, in
 * its own directory with its statistics ({@code -trace_stat}) and response times ({@code
 * -trace_rtt}: one line per call with its INVITE -> 200 OK time in ms, from the scenario's {@code
 * start_rtd}/{@code rtd}).
 */
final class SippCaller {
  private final Path sipp;
  private final Path scenario;
  private final String caller;
  private final String proxy;
  private final List<String> extraOptions;

  SippCaller(Path sipp, Path scenario, String caller, String proxy) {
    this(sipp, scenario, caller, proxy, List.of());
  }

  /** With {@code extraOptions} for sipp, e.g. {@code -trace_logs} for a timed scenario. */
  SippCaller(Path sipp, Path scenario, String caller, String proxy, List<String> extraOptions) {
    this.sipp = sipp;
    this.scenario = scenario;
    this.caller = caller;
    this.proxy = proxy;
    this.extraOptions = List.copyOf(extraOptions);
  }

  /** Runs {@code rate} calls/s for {@code seconds} s and measures the processes {@code system}. */
  StepResult run(Path dir, int rate, int seconds, List<Long> system)
      throws IOException, InterruptedException {
    return run(dir, rate, seconds, system, List.of());
  }

  /**
   * As {@link #run(Path, int, int, List)}, and also the load's CPU: this sipp's and that of the
   * processes {@code gateways} (the answering sipps).
   */
  StepResult run(Path dir, int rate, int seconds, List<Long> system, List<Long> gateways)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    long calls = (long) rate * seconds;
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            sipp.toString(),
            "-sf",
            scenario.toString(),
            "-i",
            caller,
            "-p",
            "27381",
            "-bind_local",
            "-mi",
            caller,
            "-mp",
            "27386",
            "-r",
            Integer.toString(rate),
            "-m",
            Long.toString(calls),
            "-nostdin",
            "-timeout",
            (seconds + 60) + "s",
            "-max_recv_loops",
            "10000",
            "-max_sched_loops",
            "10000",
            "-trace_stat",
            "-stf",
            dir.resolve("stats.csv").toString(),
            "-fd",
            "1",
            "-trace_rtt",
            "-rtt_freq",
            "100",
            "-trace_err",
            "-error_file",
            dir.resolve("errors.log").toString()));
    command.addAll(extraOptions);
    command.add(proxy);
    long cpu0 = ProcessTreeCpu.cpuNanos(system);
    long busy0 = ProcessTreeCpu.machineBusyNanos();
    long load0 = ProcessTreeCpu.reapedChildrenNanos() + ProcessTreeCpu.cpuNanos(gateways);
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sipp.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    try {
      // A system that loses calls can keep sipp waiting for them until its -timeout: the calls
      // not ended by then count as failed (not successful), the step as not sustained.
      p.waitFor(seconds + 90L, TimeUnit.SECONDS);
    } finally {
      stop(p);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    long cpu = ProcessTreeCpu.cpuNanos(system) - cpu0;
    long busy = ProcessTreeCpu.machineBusyNanos() - busy0;
    long load = ProcessTreeCpu.reapedChildrenNanos() + ProcessTreeCpu.cpuNanos(gateways) - load0;
    Map<String, String> stats = lastStats(dir.resolve("stats.csv"));
    if (!stats.containsKey("TotalCallCreated")) {
      throw new IllegalStateException(
          "sipp exited with "
              + p.exitValue()
              + " and no statistics: see "
              + dir.resolve("sipp.log"));
    }
    List<Integer> rtts = responseTimes(dir);
    return new StepResult(
        rate,
        seconds,
        Long.parseLong(stats.getOrDefault("TotalCallCreated", "0").trim()),
        Long.parseLong(stats.getOrDefault("SuccessfulCall(C)", "0").trim()),
        Long.parseLong(stats.getOrDefault("FailedCall(C)", "0").trim()),
        percentile(rtts, 0.50),
        percentile(rtts, 0.95),
        wall,
        cpu,
        busy,
        load);
  }

  /** Ends sipp by its own PID if it is still running (SIGTERM, then SIGKILL). */
  static void stop(Process p) throws InterruptedException {
    if (p.isAlive()) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** The last row of sipp's statistics, column name to value. */
  static Map<String, String> lastStats(Path file) throws IOException {
    Map<String, String> out = new HashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    if (lines.size() < 2) {
      return out;
    }
    String[] names = lines.getFirst().split(";");
    String[] row = lines.getLast().split(";");
    for (int i = 0; i < Math.min(names.length, row.length); i++) {
      out.put(names[i], row[i]);
    }
    return out;
  }

  /** Every call's response time in ms from the {@code *_rtt.csv} sipp wrote into {@code dir}. */
  static List<Integer> responseTimes(Path dir) throws IOException {
    List<Integer> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*_rtt.csv")) {
      for (Path f : files) {
        for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
          // Date_ms;response_time_ms;rtd_no
          String[] cols = line.split(";");
          if (cols.length == 3 && !cols[1].isEmpty() && Character.isDigit(cols[1].charAt(0))) {
            out.add((int) Math.round(Double.parseDouble(cols[1])));
          }
        }
      }
    }
    return out;
  }

  /** The nearest-rank percentile, NaN without values. */
  static double percentile(List<Integer> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Integer> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
