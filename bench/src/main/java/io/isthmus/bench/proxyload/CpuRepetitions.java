package io.isthmus.bench.proxyload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * CPU ms per call over repeated runs of the same steps: per rate and system the median and the
 * range (min - max) of the repetitions, and the ratio of the first system to the second, as the
 * ratio of the medians and the range of the per-repetition ratios (each repetition measures both
 * systems one after the other, so its ratio shares the machine's state of that moment).
 */
final class CpuRepetitions {
  /** One rate of one system: the CPU ms per call of each repetition that ran it. */
  record Cell(String system, int rate, List<Double> values) {
    double median() {
      return CpuRepetitions.median(values);
    }

    double min() {
      return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
      return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
  }

  private CpuRepetitions() {}

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = values.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static Cell cell(List<List<ProxyReport.SystemRun>> reps, String system, int rate) {
    List<Double> values = new ArrayList<>();
    for (List<ProxyReport.SystemRun> rep : reps) {
      rep.stream()
          .filter(r -> r.name().equals(system))
          .findFirst()
          .flatMap(r -> r.at(rate))
          .map(StepResult::cpuMillisPerCall)
          .ifPresent(values::add);
    }
    return new Cell(system, rate, values);
  }

  /** The per-repetition ratios a/b at {@code rate}, for repetitions that ran both. */
  static List<Double> ratios(List<List<ProxyReport.SystemRun>> reps, String a, String b, int rate) {
    List<Double> out = new ArrayList<>();
    for (List<ProxyReport.SystemRun> rep : reps) {
      Optional<StepResult> x = find(rep, a).flatMap(r -> r.at(rate));
      Optional<StepResult> y = find(rep, b).flatMap(r -> r.at(rate));
      if (x.isPresent() && y.isPresent()) {
        out.add(x.get().cpuMillisPerCall() / y.get().cpuMillisPerCall());
      }
    }
    return out;
  }

  private static Optional<ProxyReport.SystemRun> find(List<ProxyReport.SystemRun> rep, String n) {
    return rep.stream().filter(r -> r.name().equals(n)).findFirst();
  }

  static TreeSet<Integer> rates(List<List<ProxyReport.SystemRun>> reps) {
    TreeSet<Integer> rates = new TreeSet<>();
    reps.forEach(rep -> rep.forEach(r -> r.steps().forEach(s -> rates.add(s.rate()))));
    return rates;
  }

  static String table(List<List<ProxyReport.SystemRun>> reps, List<String> systems) {
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT, "CPU ms per call over %d repetitions: median (min - max)%n", reps.size()));
    t.append(String.format(Locale.ROOT, "%6s", "cps"));
    for (String s : systems) {
      t.append(String.format(Locale.ROOT, " | %-28s", s));
    }
    if (systems.size() == 2) {
      t.append(" | ratio median (per-repetition min - max)");
    }
    t.append('\n');
    for (int rate : rates(reps)) {
      t.append(String.format(Locale.ROOT, "%6d", rate));
      for (String s : systems) {
        Cell c = cell(reps, s, rate);
        t.append(
            String.format(
                Locale.ROOT,
                " | %7.3f (%.3f - %.3f) n=%d",
                c.median(),
                c.min(),
                c.max(),
                c.values().size()));
      }
      if (systems.size() == 2) {
        List<Double> r = ratios(reps, systems.get(0), systems.get(1), rate);
        double ratio =
            cell(reps, systems.get(0), rate).median() / cell(reps, systems.get(1), rate).median();
        t.append(
            String.format(
                Locale.ROOT,
                " | %.2f (%.2f - %.2f)",
                ratio,
                r.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                r.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
      }
      t.append('\n');
    }
    return t.toString();
  }

  static String json(List<List<ProxyReport.SystemRun>> reps, List<String> systems) {
    List<String> rows = new ArrayList<>();
    for (int rate : rates(reps)) {
      List<String> cells = new ArrayList<>();
      for (String s : systems) {
        Cell c = cell(reps, s, rate);
        cells.add(
            String.format(
                Locale.ROOT,
                "\"%s\": {\"median\": %s, \"min\": %s, \"max\": %s, \"values\": %s}",
                s,
                ProxyReport.number(c.median()),
                ProxyReport.number(c.min()),
                ProxyReport.number(c.max()),
                c.values().stream().map(ProxyReport::number).toList()));
      }
      String ratio = "";
      if (systems.size() == 2) {
        List<Double> r = ratios(reps, systems.get(0), systems.get(1), rate);
        ratio =
            String.format(
                Locale.ROOT,
                ", \"ratioOfMedians\": %s, \"ratios\": %s",
                ProxyReport.number(
                    cell(reps, systems.get(0), rate).median()
                        / cell(reps, systems.get(1), rate).median()),
                r.stream().map(ProxyReport::number).toList());
      }
      rows.add("{\"rate\": " + rate + ", " + String.join(", ", cells) + ratio + "}");
    }
    return "{\"repetitions\": "
        + reps.size()
        + ", \"cpuMillisPerCall\": [\n    "
        + String.join(",\n    ", rows)
        + "\n  ]}";
  }
}
