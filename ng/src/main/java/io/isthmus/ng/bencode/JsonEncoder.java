package io.isthmus.ng.bencode;

import java.nio.charset.StandardCharsets;

/**
 * Writes the bencode model as JSON (RFC 8259), for replies to NG requests that came as JSON.
 * Dictionaries keep their order; byte strings are read as UTF-8 (malformed sequences become U+FFFD,
 * since JSON text must be Unicode). Not on a hot path: JSON requests are rare.
 */
public final class JsonEncoder {
  private JsonEncoder() {}

  /** {@code value} as compact JSON text in UTF-8. */
  public static byte[] encode(BValue value) {
    StringBuilder sb = new StringBuilder(256);
    write(value, sb);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(BValue value, StringBuilder sb) {
    switch (value) {
      case BString s -> writeString(s.asString(), sb);
      case BInteger i -> sb.append(i.value());
      case BList l -> {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          write(l.get(i), sb);
        }
        sb.append(']');
      }
      case BDict d -> {
        sb.append('{');
        for (int i = 0; i < d.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          writeString(d.key(i).asString(), sb);
          sb.append(':');
          write(d.value(i), sb);
        }
        sb.append('}');
      }
    }
  }

  private static void writeString(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
