package io.isthmus.proxy.auth;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The auth-params of a Digest credential (RFC 3261 §25.1, RFC 2617 §3.2.2): {@code Digest
 * name=value, name="quoted", ...}. Names are lower-cased; quoted values unescaped.
 */
final class AuthParams {
  private AuthParams() {}

  /** The parameters of a {@code Digest} credential, or null when it is another scheme or broken. */
  static Map<String, String> parse(String value) {
    String v = value.strip();
    if (v.length() < 7 || !v.regionMatches(true, 0, "Digest", 0, 6) || !isSpace(v.charAt(6))) {
      return null;
    }
    Map<String, String> out = new HashMap<>();
    int i = 7;
    int n = v.length();
    while (i < n) {
      while (i < n && (isSpace(v.charAt(i)) || v.charAt(i) == ',')) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int nameStart = i;
      while (i < n && v.charAt(i) != '=' && !isSpace(v.charAt(i)) && v.charAt(i) != ',') {
        i++;
      }
      String name = v.substring(nameStart, i).toLowerCase(Locale.ROOT);
      while (i < n && isSpace(v.charAt(i))) {
        i++;
      }
      if (i >= n || v.charAt(i) != '=' || name.isEmpty()) {
        return null;
      }
      i++;
      while (i < n && isSpace(v.charAt(i))) {
        i++;
      }
      StringBuilder val = new StringBuilder();
      if (i < n && v.charAt(i) == '"') {
        i++;
        while (i < n && v.charAt(i) != '"') {
          char c = v.charAt(i);
          if (c == '\\' && i + 1 < n) {
            c = v.charAt(++i);
          }
          val.append(c);
          i++;
        }
        if (i >= n) {
          return null; // unterminated quoted string
        }
        i++;
      } else {
        while (i < n && v.charAt(i) != ',' && !isSpace(v.charAt(i))) {
          val.append(v.charAt(i++));
        }
      }
      if (out.putIfAbsent(name, val.toString()) != null) {
        return null; // a parameter twice: ambiguous, refused
      }
    }
    return out;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }
}
