package io.isthmus.sdp;

import java.util.ArrayList;
import java.util.List;

/** Small helpers for the space-separated fields of SDP lines. */
final class Tokens {
  private Tokens() {}

  /**
   * Splits on runs of SP (RFC 8866 uses exactly one SP; senders with two are accepted, and the line
   * is only rewritten when edited). Leading and trailing spaces yield no empty fields.
   */
  static List<String> split(String s) {
    List<String> out = new ArrayList<>(8);
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && s.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < n && s.charAt(i) != ' ') {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  /** The value of an all-digit string if it is at most max, else -1. */
  static int parseUnsigned(String s, int max) {
    long v = parseUnsignedLong(s);
    return v < 0 || v > max ? -1 : (int) v;
  }

  /** The value of an all-digit string of at most 18 digits, else -1. */
  static long parseUnsignedLong(String s) {
    int n = s.length();
    if (n == 0 || n > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Rejects values that would break a field of a line: empty, or holding SP, CR, LF, NUL or a char
   * beyond 8 bits. Other control chars pass: a field read from a sloppy line (say a format with a
   * TAB) must survive a rewrite of that line, and does not break the line.
   */
  static String requireToken(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\r' || c == '\n' || c == 0 || c > 0xff) {
        throw new IllegalArgumentException(what + " holds SP, CR, LF, NUL or a wide char: " + s);
      }
    }
    return s;
  }

  static int requirePort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    return port;
  }
}
