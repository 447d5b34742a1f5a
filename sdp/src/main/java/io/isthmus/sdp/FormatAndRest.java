package io.isthmus.sdp;

/** Splits attribute values of the shape {@code <format> <rest>} (fmtp, rtcp-fb). */
final class FormatAndRest {
  private FormatAndRest() {}

  /** The first field (the format) of an attribute value, up to the first space; null for a flag. */
  static String formatOf(SdpLine line) {
    String v = line.attributeValue();
    if (v == null) {
      return null;
    }
    int sp = v.indexOf(' ');
    return sp < 0 ? v : v.substring(0, sp);
  }

  static String[] split(SdpLine line, String expected, boolean restRequired)
      throws SdpParseException {
    String v = line.attributeValue();
    if (v == null || v.isEmpty() || v.charAt(0) == ' ') {
      throw SdpParseException.at(line, expected);
    }
    int sp = v.indexOf(' ');
    String format = sp < 0 ? v : v.substring(0, sp);
    String rest = sp < 0 ? "" : v.substring(sp + 1).strip();
    if (restRequired && rest.isEmpty()) {
      throw SdpParseException.at(line, expected);
    }
    return new String[] {format, rest};
  }
}
