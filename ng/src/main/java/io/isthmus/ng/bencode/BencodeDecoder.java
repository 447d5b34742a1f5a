package io.isthmus.ng.bencode;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Decodes bencode (BEP 3) into {@link BValue}s without copying strings: every {@link BString} is a
 * view into the input buffer.
 *
 * <p>Strict where the grammar is: integers without leading zeros, without {@code -0}, without an
 * empty body and within 64 bits; string lengths without leading zeros. Lenient where rtpengine is:
 * dictionary keys need not be sorted. Duplicate keys are refused: rtpengine silently keeps the
 * first, which would let two parsers of the same message disagree about its meaning.
 *
 * <p>Offsets in errors count from {@code off}, the first byte of the value. Recursion depth is
 * bounded by {@link BencodeLimits#maxDepth()}.
 */
public final class BencodeDecoder {
  private static final int LINEAR_DUPLICATE_CHECK = 16;

  private final byte[] buf;
  private final int base;
  private final int end;
  private final BencodeLimits limits;
  private int pos;
  private int depth;
  private int elements;

  private BencodeDecoder(byte[] buf, int off, int len, BencodeLimits limits) {
    this.buf = buf;
    this.base = off;
    this.end = off + len;
    this.limits = limits;
    this.pos = off;
  }

  /** Decodes exactly one value filling {@code len} bytes at {@code off}, with the NG limits. */
  public static BValue decode(byte[] buf, int off, int len) throws BencodeException {
    return decode(buf, off, len, BencodeLimits.NG);
  }

  /** Decodes exactly one value filling {@code len} bytes at {@code off}. */
  public static BValue decode(byte[] buf, int off, int len, BencodeLimits limits)
      throws BencodeException {
    return decode(buf, off, len, limits, false);
  }

  /**
   * Decodes the dictionary at the start of the {@code len} bytes at {@code off} and ignores what
   * follows it, as rtpengine does with an NG payload ({@code d7:command4:pingeXYZ} is a ping).
   */
  public static BDict decodeLeadingDictionary(byte[] buf, int off, int len, BencodeLimits limits)
      throws BencodeException {
    if (len > 0 && buf[off] != 'd') {
      throw new BencodeException(0, "expected a dictionary ('d'), found " + describe(buf[off]));
    }
    return (BDict) decode(buf, off, len, limits, true);
  }

  private static BValue decode(
      byte[] buf, int off, int len, BencodeLimits limits, boolean trailingAllowed)
      throws BencodeException {
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new IndexOutOfBoundsException("range " + off + "+" + len + " of " + buf.length);
    }
    BencodeDecoder d = new BencodeDecoder(buf, off, len, limits);
    if (len > limits.maxMessageSize()) {
      throw d.error(
          off, "message of " + len + " bytes exceeds the limit of " + limits.maxMessageSize());
    }
    BValue value = d.value();
    if (d.pos != d.end && !trailingAllowed) {
      throw d.error(d.pos, "trailing bytes after the " + noun(value));
    }
    return value;
  }

  /** Decodes a message that must be one dictionary, as every NG request and reply is. */
  public static BDict decodeDictionary(byte[] buf, int off, int len, BencodeLimits limits)
      throws BencodeException {
    if (len > 0 && buf[off] != 'd') {
      throw new BencodeException(0, "expected a dictionary ('d'), found " + describe(buf[off]));
    }
    return (BDict) decode(buf, off, len, limits);
  }

  private BValue value() throws BencodeException {
    if (pos >= end) {
      throw error(pos, "unexpected end of input, expected a value");
    }
    byte b = buf[pos];
    return switch (b) {
      case 'd' -> dictionary();
      case 'l' -> list();
      case 'i' -> integer();
      case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> string();
      default -> throw error(pos, "unexpected " + describe(b) + ", expected a value");
    };
  }

  private void count() throws BencodeException {
    if (++elements > limits.maxElements()) {
      throw error(pos, "more than " + limits.maxElements() + " elements");
    }
  }

  private void enter() throws BencodeException {
    if (++depth > limits.maxDepth()) {
      throw error(pos, "nesting deeper than " + limits.maxDepth());
    }
    count();
    pos++; // 'd' or 'l'
  }

  private BString string() throws BencodeException {
    count();
    int start = pos;
    if (buf[pos] == '0' && pos + 1 < end && isDigit(buf[pos + 1])) {
      throw error(start, "leading zero in string length");
    }
    long length = 0;
    while (pos < end && isDigit(buf[pos])) {
      if (length <= Integer.MAX_VALUE) {
        length = length * 10 + (buf[pos] - '0');
      }
      pos++;
    }
    if (pos >= end) {
      throw error(pos, "unexpected end of input, expected ':' after string length");
    }
    if (buf[pos] != ':') {
      throw error(pos, "expected ':' after string length, found " + describe(buf[pos]));
    }
    pos++;
    String shown = length > Integer.MAX_VALUE ? "above " + Integer.MAX_VALUE : "" + length;
    if (length > limits.maxStringLength()) {
      throw error(
          start, "string length " + shown + " exceeds the limit of " + limits.maxStringLength());
    }
    if (length > end - pos) {
      throw error(start, "string length " + shown + " exceeds remaining " + (end - pos) + " bytes");
    }
    BString s = BString.view(buf, pos, (int) length);
    pos += (int) length;
    return s;
  }

  private BInteger integer() throws BencodeException {
    count();
    int start = pos++;
    boolean negative = pos < end && buf[pos] == '-';
    if (negative) {
      pos++;
    }
    int digitsStart = pos;
    // Accumulate negatively so that Long.MIN_VALUE fits (as Long.parseLong does).
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multmin = limit / 10;
    long result = 0;
    while (pos < end && isDigit(buf[pos])) {
      int digit = buf[pos] - '0';
      if (result < multmin || result * 10 < limit + digit) {
        throw error(start, "integer does not fit in 64 bits");
      }
      result = result * 10 - digit;
      pos++;
    }
    int digits = pos - digitsStart;
    if (pos >= end) {
      throw error(pos, "unexpected end of input, expected 'e' after integer digits");
    }
    if (digits == 0) {
      throw error(start, "empty integer");
    }
    if (buf[pos] != 'e') {
      throw error(pos, "expected 'e' after integer digits, found " + describe(buf[pos]));
    }
    if (buf[digitsStart] == '0' && digits > 1) {
      throw error(start, "leading zero in integer");
    }
    if (negative && result == 0) {
      throw error(start, "negative zero");
    }
    pos++;
    return new BInteger(negative ? result : -result);
  }

  private BList list() throws BencodeException {
    enter();
    BValue[] items = new BValue[4];
    int size = 0;
    while (true) {
      if (pos >= end) {
        throw error(pos, "unexpected end of input, expected 'e' or a list item");
      }
      if (buf[pos] == 'e') {
        pos++;
        break;
      }
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = value();
    }
    depth--;
    return BList.own(items, size);
  }

  private BDict dictionary() throws BencodeException {
    enter();
    BString[] keys = new BString[8];
    BValue[] values = new BValue[8];
    Set<BString> seen = null; // only for large dictionaries: keeps the duplicate check linear
    int size = 0;
    while (true) {
      if (pos >= end) {
        throw error(pos, "unexpected end of input, expected 'e' or a dictionary key");
      }
      byte b = buf[pos];
      if (b == 'e') {
        pos++;
        break;
      }
      if (!isDigit(b)) {
        throw error(pos, "dictionary key must be a string, found " + describe(b));
      }
      int keyStart = pos;
      BString key = string();
      if (size < LINEAR_DUPLICATE_CHECK) {
        for (int i = 0; i < size; i++) {
          if (keys[i].hashCode() == key.hashCode() && keys[i].equals(key)) {
            throw error(keyStart, "duplicate key " + quote(key));
          }
        }
      } else {
        if (seen == null) {
          seen = new HashSet<>(Arrays.asList(keys).subList(0, size));
        }
        if (!seen.add(key)) {
          throw error(keyStart, "duplicate key " + quote(key));
        }
      }
      if (pos >= end) {
        throw error(pos, "unexpected end of input, expected a value for key " + quote(key));
      }
      if (buf[pos] == 'e') {
        throw error(pos, "missing value for key " + quote(key));
      }
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      keys[size] = key;
      values[size++] = value();
    }
    depth--;
    return BDict.own(keys, values, size);
  }

  private BencodeException error(int at, String reason) {
    return new BencodeException(at - base, reason);
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static String noun(BValue value) {
    return switch (value) {
      case BDict d -> "dictionary";
      case BList l -> "list";
      case BString s -> "string";
      case BInteger i -> "integer";
    };
  }

  /** A byte for an error message: {@code 'x'} when printable ASCII, else {@code 0x1f}. */
  static String describe(byte b) {
    return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xff);
  }

  /** A key for an error message: quoted, at most 64 bytes, non-printable bytes escaped. */
  static String quote(BString s) {
    StringBuilder sb = new StringBuilder("\"");
    int n = Math.min(s.length(), 64);
    for (int i = 0; i < n; i++) {
      int b = s.byteAt(i);
      if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
        sb.append((char) b);
      } else {
        sb.append(String.format("\\x%02x", b));
      }
    }
    return sb.append(n < s.length() ? "...\"" : "\"").toString();
  }
}
