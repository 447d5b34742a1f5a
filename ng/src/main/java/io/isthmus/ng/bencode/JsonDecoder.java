package io.isthmus.ng.bencode;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a JSON document (RFC 8259) into the bencode model, as rtpengine does for NG messages whose
 * payload starts with <code>{</code>.
 *
 * <p>The mapping follows rtpengine's conversion: strings become byte strings (UTF-8), integers
 * become integers, and {@code true}/{@code false} become the integers 1/0 (rtpengine converts them
 * with {@code json_node_get_int}); {@code null} and numbers with a fraction or exponent have no
 * bencode counterpart and are refused (rtpengine answers "Could not decode bencode dictionary"). A
 * repeated object key replaces the earlier value (as rtpengine's JSON parser does). Strings without
 * escapes are views into the input, like decoded bencode strings.
 */
public final class JsonDecoder {
  private final byte[] buf;
  private final int base;
  private final int end;
  private final BencodeLimits limits;
  private int pos;
  private int depth;
  private int elements;

  private JsonDecoder(byte[] buf, int off, int len, BencodeLimits limits) {
    this.buf = buf;
    this.base = off;
    this.end = off + len;
    this.limits = limits;
    this.pos = off;
  }

  /** Decodes a document that must be one JSON object. */
  public static BDict decodeObject(byte[] buf, int off, int len, BencodeLimits limits)
      throws JsonSyntaxException {
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new IndexOutOfBoundsException("range " + off + "+" + len + " of " + buf.length);
    }
    JsonDecoder d = new JsonDecoder(buf, off, len, limits);
    if (len > limits.maxMessageSize()) {
      throw d.error(
          off, "document of " + len + " bytes exceeds the limit of " + limits.maxMessageSize());
    }
    d.skipWhitespace();
    if (d.pos >= d.end || d.buf[d.pos] != '{') {
      throw d.unsupported(d.pos, "expected a JSON object");
    }
    BDict dict = d.object();
    d.skipWhitespace();
    if (d.pos != d.end) {
      throw d.error(d.pos, "trailing bytes after the object");
    }
    return dict;
  }

  private BValue value() throws JsonSyntaxException {
    skipWhitespace();
    if (pos >= end) {
      throw error(pos, "unexpected end of input, expected a value");
    }
    byte b = buf[pos];
    return switch (b) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", 1);
      case 'f' -> literal("false", 0);
      case 'n' -> throw unsupported(pos, "null is not supported in an NG message");
      case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number();
      default ->
          throw error(pos, "unexpected " + BencodeDecoder.describe(b) + ", expected a value");
    };
  }

  private void count() throws JsonSyntaxException {
    if (++elements > limits.maxElements()) {
      throw unsupported(pos, "more than " + limits.maxElements() + " elements");
    }
  }

  private void enter() throws JsonSyntaxException {
    if (++depth > limits.maxDepth()) {
      throw unsupported(pos, "nesting deeper than " + limits.maxDepth());
    }
    count();
    pos++;
  }

  private BDict object() throws JsonSyntaxException {
    enter();
    BString[] keys = new BString[8];
    BValue[] values = new BValue[8];
    Set<BString> seen = new HashSet<>();
    int size = 0;
    skipWhitespace();
    if (pos < end && buf[pos] == '}') {
      pos++;
      depth--;
      return BDict.own(keys, values, 0);
    }
    while (true) {
      skipWhitespace();
      if (pos >= end || buf[pos] != '"') {
        throw error(pos, "expected a string as object key");
      }
      BString key = string();
      boolean duplicate = !seen.add(key);
      skipWhitespace();
      expect(':', "':' after object key");
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      BValue value = value();
      if (duplicate) {
        // As rtpengine's JSON parser: a repeated member replaces the earlier one.
        for (int j = 0; j < size; j++) {
          if (keys[j].equals(key)) {
            values[j] = value;
          }
        }
      } else {
        keys[size] = key;
        values[size++] = value;
      }
      skipWhitespace();
      if (pos < end && buf[pos] == '}') {
        pos++;
        break;
      }
      expect(',', "',' or '}' in object");
    }
    depth--;
    return BDict.own(keys, values, size);
  }

  private BList array() throws JsonSyntaxException {
    enter();
    BValue[] items = new BValue[4];
    int size = 0;
    skipWhitespace();
    if (pos < end && buf[pos] == ']') {
      pos++;
      depth--;
      return BList.own(items, 0);
    }
    while (true) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = value();
      skipWhitespace();
      if (pos < end && buf[pos] == ']') {
        pos++;
        break;
      }
      expect(',', "',' or ']' in array");
    }
    depth--;
    return BList.own(items, size);
  }

  private BString string() throws JsonSyntaxException {
    count();
    int start = ++pos;
    while (pos < end) {
      byte b = buf[pos];
      if (b == '"') {
        return checkLength(start, BString.view(buf, start, pos++ - start));
      }
      if (b == '\\') {
        return escapedString(start);
      }
      if ((b & 0xff) < 0x20) {
        throw error(pos, "control character " + BencodeDecoder.describe(b) + " in string");
      }
      pos++;
    }
    throw error(pos, "unexpected end of input in string");
  }

  /** The slow path: a string with escapes is copied while unescaping. */
  private BString escapedString(int start) throws JsonSyntaxException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(pos - start + 16);
    out.write(buf, start, pos - start);
    while (pos < end) {
      byte b = buf[pos];
      if (b == '"') {
        pos++;
        return checkLength(start, BString.wrap(out.toByteArray()));
      }
      if ((b & 0xff) < 0x20) {
        throw error(pos, "control character " + BencodeDecoder.describe(b) + " in string");
      }
      if (b != '\\') {
        out.write(b);
        pos++;
        continue;
      }
      if (++pos >= end) {
        break;
      }
      byte e = buf[pos++];
      switch (e) {
        case '"', '\\', '/' -> out.write(e);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'u' -> writeUtf8(out, unicodeEscape());
        default -> throw error(pos - 1, "invalid escape " + BencodeDecoder.describe(e));
      }
    }
    throw error(pos, "unexpected end of input in string");
  }

  /** A code point from {@code \\uXXXX}, joining a surrogate pair (RFC 8259 §7). */
  private int unicodeEscape() throws JsonSyntaxException {
    int at = pos - 2;
    int unit = hex4();
    if (Character.isHighSurrogate((char) unit)) {
      if (pos + 1 < end && buf[pos] == '\\' && buf[pos + 1] == 'u') {
        pos += 2;
        int low = hex4();
        if (Character.isLowSurrogate((char) low)) {
          return Character.toCodePoint((char) unit, (char) low);
        }
      }
      throw error(at, "unpaired surrogate in \\u escape");
    }
    if (Character.isLowSurrogate((char) unit)) {
      throw error(at, "unpaired surrogate in \\u escape");
    }
    return unit;
  }

  private int hex4() throws JsonSyntaxException {
    if (end - pos < 4) {
      throw error(pos, "unexpected end of input in \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(buf[pos] & 0xff, 16);
      if (d < 0) {
        throw error(pos, "expected a hex digit in \\u escape");
      }
      v = v * 16 + d;
      pos++;
    }
    return v;
  }

  private static void writeUtf8(ByteArrayOutputStream out, int cp) {
    if (cp < 0x80) {
      out.write(cp);
    } else if (cp < 0x800) {
      out.write(0xc0 | cp >> 6);
      out.write(0x80 | cp & 0x3f);
    } else if (cp < 0x10000) {
      out.write(0xe0 | cp >> 12);
      out.write(0x80 | cp >> 6 & 0x3f);
      out.write(0x80 | cp & 0x3f);
    } else {
      out.write(0xf0 | cp >> 18);
      out.write(0x80 | cp >> 12 & 0x3f);
      out.write(0x80 | cp >> 6 & 0x3f);
      out.write(0x80 | cp & 0x3f);
    }
  }

  private BString checkLength(int start, BString s) throws JsonSyntaxException {
    if (s.length() > limits.maxStringLength()) {
      throw error(
          start - 1,
          "string of " + s.length() + " bytes exceeds the limit of " + limits.maxStringLength());
    }
    return s;
  }

  private BInteger number() throws JsonSyntaxException {
    count();
    int start = pos;
    boolean negative = buf[pos] == '-';
    if (negative) {
      pos++;
    }
    int digitsStart = pos;
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multmin = limit / 10;
    long result = 0;
    while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
      int digit = buf[pos] - '0';
      if (result < multmin || result * 10 < limit + digit) {
        throw error(start, "integer does not fit in 64 bits");
      }
      result = result * 10 - digit;
      pos++;
    }
    int digits = pos - digitsStart;
    if (digits == 0) {
      throw error(start, "expected digits in number");
    }
    if (buf[digitsStart] == '0' && digits > 1) {
      throw error(start, "leading zero in number");
    }
    if (pos < end && (buf[pos] == '.' || buf[pos] == 'e' || buf[pos] == 'E')) {
      throw unsupported(start, "fractional numbers are not supported in an NG message");
    }
    return new BInteger(negative ? result : -result);
  }

  private BInteger literal(String word, long value) throws JsonSyntaxException {
    count();
    int n = word.length();
    for (int i = 0; i < n; i++) {
      if (pos + i >= end || buf[pos + i] != word.charAt(i)) {
        throw error(pos, "expected '" + word + "'");
      }
    }
    pos += n;
    return new BInteger(value);
  }

  private void expect(char c, String what) throws JsonSyntaxException {
    if (pos >= end) {
      throw error(pos, "unexpected end of input, expected " + what);
    }
    if (buf[pos] != c) {
      throw error(pos, "expected " + what + ", found " + BencodeDecoder.describe(buf[pos]));
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte b = buf[pos];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return;
      }
      pos++;
    }
  }

  /** Valid JSON that NG cannot carry. */
  private JsonSyntaxException unsupported(int at, String reason) {
    return new JsonSyntaxException(at - base, reason, false);
  }

  private JsonSyntaxException error(int at, String reason) {
    return new JsonSyntaxException(at - base, reason);
  }
}
