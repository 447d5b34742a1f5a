package io.isthmus.sip.message;

/**
 * Splits a header value into its comma-separated elements (RFC 3261 §7.3.1) without allocating: a
 * comma inside a quoted-string (with its backslash escapes) or inside {@code <...>} is part of the
 * element, not a separator.
 */
final class ValueSplitter {
  private ValueSplitter() {}

  /** The offset of the next separating comma at or after {@code pos}, or {@code end}. */
  static int nextComma(byte[] buf, int pos, int end) {
    boolean quoted = false;
    boolean angle = false;
    for (int i = pos; i < end; i++) {
      byte b = buf[i];
      if (quoted) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          quoted = false;
        }
      } else if (b == '"') {
        quoted = true;
      } else if (b == '<') {
        angle = true;
      } else if (b == '>') {
        angle = false;
      } else if (b == ',' && !angle) {
        return i;
      }
    }
    return end;
  }

  /** The number of elements in buf[start, end); an empty value has none. */
  static int count(byte[] buf, int start, int end) {
    if (start == end) {
      return 0;
    }
    int n = 1;
    for (int c = nextComma(buf, start, end); c < end; c = nextComma(buf, c + 1, end)) {
      n++;
    }
    return n;
  }
}
