package io.isthmus.sip.uri;

import io.isthmus.sip.SipParseException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code %HH} escaping of RFC 3261 §19.1.2: scanning a component where the grammar allows
 * {@code escaped}, decoding it once, and the normal form used to compare URIs (§19.1.4).
 */
public final class Escapes {
  /** Component kinds for {@link #scan}: each names the character class of the grammar rule. */
  static final int USER = 0;

  static final int PASSWORD = 1;
  static final int PARAM = 2;
  static final int HEADER = 3;
  static final int URIC = 4;

  private Escapes() {}

  private static boolean inClass(int b, int kind) {
    return switch (kind) {
      case USER -> SipChars.isUser(b);
      case PASSWORD -> SipChars.isPassword(b);
      case PARAM -> SipChars.isParamChar(b);
      case HEADER -> SipChars.isHeaderChar(b);
      default -> SipChars.isUric(b);
    };
  }

  /**
   * Scans characters of {@code kind} and well-formed escapes from {@code pos}; returns the index of
   * the first byte that is neither. A {@code %} not followed by two hex digits is an error.
   */
  static int scan(byte[] b, int pos, int end, int kind) throws SipParseException {
    while (pos < end) {
      int c = b[pos] & 0xFF;
      if (c == '%') {
        if (pos + 2 >= end) {
          throw new SipParseException(pos, "incomplete %-escape");
        }
        if (!SipChars.isHex(b[pos + 1]) || !SipChars.isHex(b[pos + 2])) {
          throw new SipParseException(pos, "'%' must be followed by two hex digits");
        }
        pos += 3;
      } else if (inClass(c, kind)) {
        pos++;
      } else {
        return pos;
      }
    }
    return pos;
  }

  /**
   * Decodes every well-formed {@code %HH} once (never recursively: {@code value%2541} becomes
   * {@code value%41}, RFC 4475 §3.1.1.3) and reads the octets as UTF-8. {@code %00} stays a NUL
   * character: nothing is truncated (RFC 4475 §3.1.1.4).
   */
  public static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    return new String(decodeToBytes(raw), StandardCharsets.UTF_8);
  }

  static byte[] decodeToBytes(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c == '%'
          && i + 2 < n
          && SipChars.isHex(raw.charAt(i + 1))
          && SipChars.isHex(raw.charAt(i + 2))) {
        out.write(SipChars.hexValue(raw.charAt(i + 1)) << 4 | SipChars.hexValue(raw.charAt(i + 2)));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  private static boolean isReserved(int c) {
    return switch (c) {
      case ';', '/', '?', ':', '@', '&', '=', '+', '$', ',' -> true;
      default -> false;
    };
  }

  /**
   * The form two URI components are compared in (RFC 3261 §19.1.4): an escape of a character
   * outside the reserved set equals the character itself, so it is decoded; an escaped reserved
   * character differs from the plain one, so it stays escaped (hex in upper case). With {@code
   * ignoreCase} ASCII letters outside escapes are lower-cased.
   */
  public static String normalize(String raw, boolean ignoreCase) {
    if (raw == null) {
      return null;
    }
    if (raw.indexOf('%') < 0) {
      return ignoreCase ? lowerAscii(raw) : raw;
    }
    StringBuilder sb = new StringBuilder(raw.length());
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c == '%'
          && i + 2 < n
          && SipChars.isHex(raw.charAt(i + 1))
          && SipChars.isHex(raw.charAt(i + 2))) {
        int v = SipChars.hexValue(raw.charAt(i + 1)) << 4 | SipChars.hexValue(raw.charAt(i + 2));
        i += 2;
        if (isReserved(v)) {
          sb.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)));
          sb.append(Character.toUpperCase(Character.forDigit(v & 0xF, 16)));
          continue;
        }
        // A decoded '%' must not start a new escape when compared: mark it as escaped again.
        if (v == '%') {
          sb.append("%25");
          continue;
        }
        c = (char) v;
      }
      sb.append(ignoreCase && c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c);
    }
    return sb.toString();
  }

  static String lowerAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = s.toCharArray();
        for (int j = i; j < chars.length; j++) {
          if (chars[j] >= 'A' && chars[j] <= 'Z') {
            chars[j] = (char) (chars[j] | 0x20);
          }
        }
        return new String(chars);
      }
    }
    return s;
  }
}
