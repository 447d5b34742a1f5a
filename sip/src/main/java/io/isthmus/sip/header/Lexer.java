package io.isthmus.sip.header;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.SipChars;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over {@code [off, off+len)} of a byte buffer with the grammar primitives of RFC 3261
 * §25.1 (LWS, token, quoted-string, separators).
 *
 * <p>Contract: {@code consumeX} returns false and leaves the position unchanged when X is not
 * there; {@code expectX} throws a {@link SipParseException} carrying the offset (relative to the
 * buffer) and what was expected. A successful consume/expect of a token or quoted-string marks its
 * range ({@link #markStart()}, {@link #markEnd()}).
 */
public final class Lexer {
  private final byte[] buf;
  private final int end;
  private int pos;
  private int markStart;
  private int markEnd;

  /** A lexer over {@code len} bytes of {@code buf} from {@code off}. */
  public Lexer(byte[] buf, int off, int len) {
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
  }

  /** The buffer. */
  public byte[] buffer() {
    return buf;
  }

  /** The current offset in the buffer. */
  public int position() {
    return pos;
  }

  /** Moves to an offset (back-tracking to a saved position). */
  public void position(int offset) {
    pos = offset;
  }

  /** The offset just past the range. */
  public int end() {
    return end;
  }

  /** True at the end of the range. */
  public boolean atEnd() {
    return pos >= end;
  }

  /** The byte at the position (0..255), or -1 at the end. */
  public int peek() {
    return pos < end ? buf[pos] & 0xFF : -1;
  }

  /** Start of the last marked token or quoted string. */
  public int markStart() {
    return markStart;
  }

  /** End (exclusive) of the last marked token or quoted string. */
  public int markEnd() {
    return markEnd;
  }

  /** The marked bytes as text (ISO-8859-1, one char per byte). */
  public String markText() {
    return new String(buf, markStart, markEnd - markStart, StandardCharsets.ISO_8859_1);
  }

  /** Consumes one byte if it is {@code c}. */
  public boolean consume(int c) {
    if (pos < end && buf[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  /** Consumes {@code c} or throws. */
  public void expect(int c, String what) throws SipParseException {
    if (!consume(c)) {
      throw error("expected " + what);
    }
  }

  /**
   * SWS = [LWS], LWS = [*WSP CRLF] 1*WSP: skips blanks and line folds (CRLF or a bare LF followed
   * by a blank). A line break not followed by a blank ends the header, so it is not consumed.
   * Returns whether anything was skipped.
   */
  public boolean consumeSws() {
    int start = pos;
    while (pos < end) {
      int c = buf[pos];
      if (c == ' ' || c == '\t') {
        pos++;
      } else if (c == '\r'
          && pos + 2 < end
          && buf[pos + 1] == '\n'
          && SipChars.isWsp(buf[pos + 2])) {
        pos += 3;
      } else if (c == '\n' && pos + 1 < end && SipChars.isWsp(buf[pos + 1])) {
        pos += 2;
      } else {
        break;
      }
    }
    return pos > start;
  }

  /** SWS c SWS (RFC 3261 SEMI, COMMA, EQUAL, SLASH, COLON); all or nothing. */
  public boolean consumeSeparator(int c) {
    int start = pos;
    consumeSws();
    if (consume(c)) {
      consumeSws();
      return true;
    }
    pos = start;
    return false;
  }

  /** SWS c SWS or throws. */
  public void expectSeparator(int c, String what) throws SipParseException {
    if (!consumeSeparator(c)) {
      consumeSws();
      throw error("expected " + what);
    }
  }

  /** Consumes 1*token-char and marks it. */
  public boolean consumeToken() {
    int start = pos;
    while (pos < end && SipChars.isToken(buf[pos])) {
      pos++;
    }
    if (pos == start) {
      return false;
    }
    markStart = start;
    markEnd = pos;
    return true;
  }

  /** Consumes a token and returns it, or throws. */
  public String expectToken(String what) throws SipParseException {
    if (!consumeToken()) {
      throw error("expected " + what);
    }
    return markText();
  }

  /** Consumes 1*DIGIT and marks it. */
  public boolean consumeDigits() {
    int start = pos;
    while (pos < end && SipChars.isDigit(buf[pos])) {
      pos++;
    }
    if (pos == start) {
      return false;
    }
    markStart = start;
    markEnd = pos;
    return true;
  }

  /**
   * Consumes 1*DIGIT (leading zeros allowed, RFC 4475 wsinv {@code 0068}) and returns its value, or
   * throws when there are no digits or the value exceeds {@code max} (offset: first digit).
   */
  public long expectNumber(long max, String what) throws SipParseException {
    if (!consumeDigits()) {
      throw error("expected " + what);
    }
    long value = 0;
    for (int i = markStart; i < markEnd; i++) {
      value = value * 10 + (buf[i] - '0');
      if (value > max) {
        throw errorAt(markStart, what + " too large");
      }
    }
    return value;
  }

  /**
   * Consumes a quoted-string and marks it, quotes included: qdtext is LWS, %x21, %x23-5B, %x5D-7E
   * or UTF8-NONASCII; quoted-pair is "\" followed by any of %x00-09 / %x0B-0C / %x0E-7F (so NUL,
   * BEL and DEL may appear escaped, RFC 4475 intmeth). Returns false when the position is not at a
   * '"'; throws when the string is malformed or not terminated (RFC 4475 quotbal).
   */
  public boolean consumeQuotedString() throws SipParseException {
    if (pos >= end || buf[pos] != '"') {
      return false;
    }
    int start = pos;
    int p = pos + 1;
    while (true) {
      if (p >= end) {
        throw errorAt(end, "unterminated quoted string (opened at offset " + start + ")");
      }
      int c = buf[p] & 0xFF;
      if (c == '"') {
        p++;
        break;
      }
      if (c == '\\') {
        if (p + 1 >= end) {
          throw errorAt(end, "unterminated quoted string (opened at offset " + start + ")");
        }
        int e = buf[p + 1] & 0xFF;
        if (e == '\r' || e == '\n' || e > 0x7F) {
          throw errorAt(p + 1, "invalid quoted-pair");
        }
        p += 2;
      } else if (c == ' ' || c == '\t' || c >= 0x21 && c != 0x7F) {
        p++;
      } else if (c == '\r' && p + 2 < end && buf[p + 1] == '\n' && SipChars.isWsp(buf[p + 2])) {
        p += 3;
      } else if (c == '\n' && p + 1 < end && SipChars.isWsp(buf[p + 1])) {
        p += 2;
      } else {
        throw errorAt(p, "control character in quoted string");
      }
    }
    markStart = start;
    markEnd = p;
    pos = p;
    return true;
  }

  /** Consumes a quoted string or throws. */
  public void expectQuotedString(String what) throws SipParseException {
    if (!consumeQuotedString()) {
      throw error("expected " + what);
    }
  }

  /** Throws unless only SWS remains. */
  public void expectEnd(String what) throws SipParseException {
    consumeSws();
    if (pos < end) {
      throw error("unexpected character after " + what);
    }
  }

  /** An error at the current position. */
  public SipParseException error(String reason) {
    return new SipParseException(pos, reason);
  }

  /** An error at an explicit offset. */
  public SipParseException errorAt(int offset, String reason) {
    return new SipParseException(offset, reason);
  }

  /**
   * The content of a well-formed quoted string {@code [start, end)} (quotes included) with its
   * quoted-pairs resolved and folds turned into one space, read as UTF-8.
   */
  public static String unquote(byte[] b, int start, int end) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
    for (int p = start + 1; p < end - 1; p++) {
      int c = b[p];
      if (c == '\\') {
        out.write(b[++p]);
      } else if (c == '\r' || c == '\n') {
        // A fold inside a quoted string reads as the blank that follows it (RFC 3261 §7.3.1).
        continue;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
