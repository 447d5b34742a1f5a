package io.isthmus.sip.message;

import java.nio.charset.StandardCharsets;

/** Small helpers over byte ranges, shared by the parser, the index and the editor. */
final class Bytes {
  static final byte CR = '\r';
  static final byte LF = '\n';
  static final byte SP = ' ';
  static final byte HT = '\t';

  private Bytes() {}

  static boolean isWsp(byte b) {
    return b == SP || b == HT;
  }

  /** RFC 3261 §25.1 token characters. */
  static boolean isToken(byte b) {
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
      return true;
    }
    return switch (b) {
      case '-', '.', '!', '%', '*', '_', '+', '`', '\'', '~' -> true;
      default -> false;
    };
  }

  static byte lower(byte b) {
    return (b >= 'A' && b <= 'Z') ? (byte) (b + 32) : b;
  }

  /** Compares buf[start, end) with an ASCII-lower-case pattern, ignoring case. */
  static boolean equalsLower(byte[] buf, int start, int end, byte[] lowerPattern) {
    if (end - start != lowerPattern.length) {
      return false;
    }
    for (int i = 0; i < lowerPattern.length; i++) {
      if (lower(buf[start + i]) != lowerPattern[i]) {
        return false;
      }
    }
    return true;
  }

  /** Compares two byte ranges ignoring ASCII case. */
  static boolean equalsIgnoreCase(byte[] a, int aStart, int aEnd, byte[] b, int bStart, int bEnd) {
    if (aEnd - aStart != bEnd - bStart) {
      return false;
    }
    for (int i = 0; i < aEnd - aStart; i++) {
      if (lower(a[aStart + i]) != lower(b[bStart + i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Skips linear white space (SP, HT and folds: CRLF followed by SP/HT) from {@code pos}, never
   * past {@code end}.
   */
  static int skipLws(byte[] buf, int pos, int end) {
    while (pos < end) {
      byte b = buf[pos];
      if (isWsp(b)) {
        pos++;
      } else if (b == CR && pos + 2 < end && buf[pos + 1] == LF && isWsp(buf[pos + 2])) {
        pos += 3;
      } else {
        break;
      }
    }
    return pos;
  }

  /** Moves {@code end} back over LWS (SP, HT, CR, LF) not before {@code start}. */
  static int trimEnd(byte[] buf, int start, int end) {
    while (end > start) {
      byte b = buf[end - 1];
      if (isWsp(b) || b == CR || b == LF) {
        end--;
      } else {
        break;
      }
    }
    return end;
  }

  /**
   * A String of a header value with every fold (CRLF plus white space) collapsed into one SP, as
   * RFC 3261 §7.3.1 says it means.
   */
  static String unfold(byte[] buf, int start, int end) {
    int fold = indexOf(buf, start, end, CR);
    if (fold < 0) {
      return new String(buf, start, end - start, StandardCharsets.UTF_8);
    }
    byte[] out = new byte[end - start];
    int n = 0;
    int i = start;
    while (i < end) {
      byte b = buf[i];
      if (b == CR || b == LF) {
        while (n > 0 && isWsp(out[n - 1])) {
          n--;
        }
        i = skipLws(buf, i, end);
        if (i > start && n > 0) {
          out[n++] = SP;
        }
        while (i < end && (buf[i] == CR || buf[i] == LF)) {
          i++;
        }
      } else {
        out[n++] = b;
        i++;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  static int indexOf(byte[] buf, int start, int end, byte b) {
    for (int i = start; i < end; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] buf, int start, int end) {
    return new String(buf, start, end - start, StandardCharsets.UTF_8);
  }
}
