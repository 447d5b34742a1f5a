package io.isthmus.interop;

import io.isthmus.interop.Difference.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Compares two normalised replies to the same step: rtpengine's (the reference) and Isthmus'. */
final class ReplyDiff {
  private ReplyDiff() {}

  static List<Difference> compare(
      String scenario,
      int step,
      Scenario.Compare how,
      NormalizedReply rtpengine,
      NormalizedReply isthmus) {
    List<Difference> out = new ArrayList<>();
    if (how == Scenario.Compare.NONE) {
      return out;
    }
    TreeSet<String> keys = new TreeSet<>(rtpengine.fields().keySet());
    keys.addAll(isthmus.fields().keySet());
    for (String key : keys) {
      String a = rtpengine.fields().get(key);
      String b = isthmus.fields().get(key);
      if (a != null && a.equals(b)) {
        continue;
      }
      Kind kind =
          switch (key) {
            case "result" -> Kind.RESULT;
            case "error-reason" -> Kind.ERROR_REASON;
            case "warning" -> Kind.WARNING;
            default -> Kind.FIELD;
          };
      String detail;
      if (a == null) {
        detail = key + " only in isthmus: " + b;
      } else if (b == null) {
        detail = key + " only in rtpengine: " + a;
      } else {
        detail = key + ": rtpengine '" + a + "', isthmus '" + b + "'";
      }
      out.add(new Difference(scenario, step, kind, detail));
    }
    compareSdp(scenario, step, rtpengine.sdp(), isthmus.sdp(), out);
    return out;
  }

  private static void compareSdp(
      String scenario,
      int step,
      List<NormalizedReply.Section> a,
      List<NormalizedReply.Section> b,
      List<Difference> out) {
    if (a.size() != b.size()) {
      out.add(
          new Difference(
              scenario,
              step,
              Kind.SDP_CONTENT,
              "sdp sections: rtpengine " + titles(a) + ", isthmus " + titles(b)));
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      NormalizedReply.Section sa = a.get(i);
      NormalizedReply.Section sb = b.get(i);
      Map<String, Integer> count = new HashMap<>();
      sa.lines().forEach(l -> count.merge(l, 1, Integer::sum));
      sb.lines().forEach(l -> count.merge(l, -1, Integer::sum));
      boolean sameContent = true;
      for (String line : sa.lines()) {
        if (count.getOrDefault(line, 0) > 0) {
          count.merge(line, -1, Integer::sum);
          sameContent = false;
          out.add(
              new Difference(
                  scenario,
                  step,
                  Kind.SDP_CONTENT,
                  "sdp " + sa.title() + " only in rtpengine: " + line));
        }
      }
      for (String line : sb.lines()) {
        if (count.getOrDefault(line, 0) < 0) {
          count.merge(line, 1, Integer::sum);
          sameContent = false;
          out.add(
              new Difference(
                  scenario,
                  step,
                  Kind.SDP_CONTENT,
                  "sdp " + sb.title() + " only in isthmus: " + line));
        }
      }
      if (sameContent && !sa.lines().equals(sb.lines())) {
        out.add(
            new Difference(
                scenario,
                step,
                Kind.SDP_ORDER,
                "sdp "
                    + sa.title()
                    + " line order: rtpengine "
                    + sa.lines()
                    + ", isthmus "
                    + sb.lines()));
      }
    }
  }

  private static List<String> titles(List<NormalizedReply.Section> s) {
    return s.stream().map(NormalizedReply.Section::title).toList();
  }
}
