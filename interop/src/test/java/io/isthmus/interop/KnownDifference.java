package io.isthmus.interop;

import java.util.regex.Pattern;

/**
 * A difference between Isthmus and rtpengine kept on purpose, with the reason.
 *
 * @param scenario regular expression over scenario names (whole name)
 * @param kind the kind of difference
 * @param detail regular expression found in {@link Difference#detail()}
 * @param reason why Isthmus behaves differently
 */
record KnownDifference(Pattern scenario, Difference.Kind kind, Pattern detail, String reason) {

  static KnownDifference of(String scenario, Difference.Kind kind, String detail, String reason) {
    return new KnownDifference(
        Pattern.compile(scenario), kind, Pattern.compile(detail, Pattern.LITERAL), reason);
  }

  static KnownDifference regex(
      String scenario, Difference.Kind kind, String detailRegex, String reason) {
    return new KnownDifference(
        Pattern.compile(scenario), kind, Pattern.compile(detailRegex), reason);
  }

  boolean matches(Difference d) {
    return d.kind() == kind
        && scenario.matcher(d.scenario()).matches()
        && detail.matcher(d.detail()).find();
  }
}
