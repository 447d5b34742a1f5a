package io.isthmus.proxy.dispatcher;

/** Strict decimal parsing for list fields: ASCII digits only, no overflow, no surprises. */
final class Numbers {
  private Numbers() {}

  /**
   * Parses an optionally signed decimal int; returns null when {@code text} is not one (empty,
   * other characters, or out of the int range).
   */
  static Integer parseInt(String text, boolean allowSign) {
    int i = 0;
    boolean negative = false;
    if (allowSign && !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
      negative = text.charAt(0) == '-';
      i = 1;
    }
    if (i == text.length() || text.length() - i > 10) {
      return null;
    }
    long value = 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      value = value * 10 + (c - '0');
    }
    value = negative ? -value : value;
    return value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? null : (int) value;
  }

  /** A port 0..65535, or -1. */
  static int parsePort(String text) {
    Integer p = parseInt(text, false);
    return p == null || p > 65535 ? -1 : p;
  }
}
