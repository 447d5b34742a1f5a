package io.isthmus.bench.report;

import io.isthmus.bench.harness.Args;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scripts/proxy-bench}'s results as a {@link SeriesFile}: reads the per-system step files
 * the harness writes ({@code DIR/SYSTEM.tsv}, or {@code DIR/rep-K/SYSTEM.tsv} per repetition) and
 * writes the charts of the report: CPU per call, INVITE -> 200 p50 and p95, and failed calls, each
 * against the offered calls/s, one series per system.
 *
 * <p>A step line is {@code step} followed by the fields of {@code proxyload.StepResult#toLine}:
 * rate, seconds, attempted, successful, failed, p50 ms, p95 ms, wall seconds, CPU ns, machine busy
 * ns. Other lines ({@code idle}, {@code warmup}) are not charted.
 *
 * <pre>
 * ProxySeries --dir bench/target/proxy-bench --systems isthmus,kamailio-rtpengine \
 *   --out bench/target/proxy-bench.tsv [--note TEXT]
 * </pre>
 */
public final class ProxySeries {
  private ProxySeries() {}

  public static void main(String[] argv) throws IOException {
    Args a = Args.parse(argv, List.of("dir", "systems", "out", "note"));
    Path dir = Path.of(a.string("dir", "bench/target/proxy-bench"));
    List<String> lines = new ArrayList<>();
    lines.add("title\tproxy-bench: sipp through Isthmus and Kamailio + rtpengine");
    String note = a.string("note", "");
    if (!note.isEmpty()) {
      lines.add("note\t" + note.replace('\t', ' '));
    }
    lines.add(SeriesFile.plot("cpu", "CPU per call", "calls/s", "CPU ms per call", false));
    lines.add(SeriesFile.plot("p95", "Set-up time, INVITE -> 200, p95", "calls/s", "ms", true));
    lines.add(SeriesFile.plot("p50", "Set-up time, INVITE -> 200, p50", "calls/s", "ms", true));
    lines.add(SeriesFile.plot("failed", "Calls not completed", "calls/s", "% of calls", false));
    for (String system : a.string("systems", "isthmus,kamailio-rtpengine").split(",")) {
      for (Path tsv : files(dir, system)) {
        for (String line : Files.readAllLines(tsv)) {
          if (!line.startsWith("step\t")) {
            continue;
          }
          String[] f = line.split("\t");
          double rate = Double.parseDouble(f[1]);
          double attempted = Double.parseDouble(f[3]);
          double successful = Double.parseDouble(f[4]);
          double cpuNanos = Double.parseDouble(f[9]);
          lines.add(SeriesFile.point("cpu", system, rate, cpuNanos / 1e6 / attempted));
          lines.add(SeriesFile.point("p95", system, rate, Double.parseDouble(f[7])));
          lines.add(SeriesFile.point("p50", system, rate, Double.parseDouble(f[6])));
          lines.add(
              SeriesFile.point("failed", system, rate, 100 * (attempted - successful) / attempted));
        }
      }
    }
    Path out = Path.of(a.required("out"));
    Files.write(out, lines);
  }

  private static List<Path> files(Path dir, String system) {
    List<Path> out = new ArrayList<>();
    Path single = dir.resolve(system + ".tsv");
    if (Files.exists(single)) {
      out.add(single);
    }
    for (int k = 1; Files.isDirectory(dir.resolve("rep-" + k)); k++) {
      Path rep = dir.resolve("rep-" + k).resolve(system + ".tsv");
      if (Files.exists(rep)) {
        out.add(rep);
      }
    }
    return out;
  }
}
