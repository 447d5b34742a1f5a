package io.isthmus.interop;

import java.util.List;

/**
 * The readable failure report of one scenario: unlisted differences, then both replies per step.
 */
final class DiffReport {
  private DiffReport() {}

  static String render(
      Scenario scenario,
      List<NormalizedReply> rtpengine,
      List<NormalizedReply> isthmus,
      List<Difference> all,
      List<Difference> unlisted) {
    StringBuilder sb = new StringBuilder();
    sb.append("Scenario ")
        .append(scenario.name())
        .append(" (")
        .append(scenario.description())
        .append("): ")
        .append(unlisted.size())
        .append(" difference(s) not in KNOWN_DIFFERENCES:\n");
    unlisted.forEach(d -> sb.append("  - ").append(d).append('\n'));
    if (all.size() > unlisted.size()) {
      sb.append("(").append(all.size() - unlisted.size()).append(" known difference(s) besides)\n");
    }
    for (int i = 0; i < rtpengine.size(); i++) {
      int step = i + 1;
      if (unlisted.stream().noneMatch(d -> d.step() == step)) {
        continue;
      }
      sb.append("\n== step ")
          .append(step)
          .append(": ")
          .append(ScenarioRunner.summary(scenario.steps().get(i).request()))
          .append('\n');
      sb.append(sideBySide(rtpengine.get(i).render(), isthmus.get(i).render()));
    }
    return sb.toString();
  }

  /** Two columns, rtpengine left, Isthmus right; differing lines marked with '|'. */
  static String sideBySide(String left, String right) {
    List<String> a = left.lines().toList();
    List<String> b = right.lines().toList();
    int width = Math.min(70, a.stream().mapToInt(String::length).max().orElse(10));
    StringBuilder sb = new StringBuilder();
    sb.append(pad("rtpengine", width)).append("   isthmus\n");
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String l = i < a.size() ? a.get(i) : "";
      String r = i < b.size() ? b.get(i) : "";
      sb.append(pad(l, width)).append(l.equals(r) ? "   " : " | ").append(r).append('\n');
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
