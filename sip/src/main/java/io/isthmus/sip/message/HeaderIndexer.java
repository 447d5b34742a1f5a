package io.isthmus.sip.message;

import static io.isthmus.sip.message.Bytes.CR;
import static io.isthmus.sip.message.Bytes.LF;

import io.isthmus.sip.SipParseException;

/**
 * One pass over the header section (RFC 3261 §7.3): finds each header line's name and value, joins
 * folded continuation lines (CRLF followed by SP or HT, §7.3.1) to the header they continue, and
 * stops after the empty line. Allocates nothing but the index rows.
 */
final class HeaderIndexer {
  private HeaderIndexer() {}

  /**
   * Indexes the header lines from {@code pos} (the first byte after the start line) and returns the
   * offset after the empty line that ends the header section.
   */
  static int index(byte[] buf, int pos, int end, SipLimits limits, MessageIndex idx)
      throws SipParseException {
    while (true) {
      if (pos + 1 < end && buf[pos] == CR && buf[pos + 1] == LF) {
        return pos + 2;
      }
      if (pos >= end || (pos + 1 == end && buf[pos] == CR)) {
        throw new SipParseException(pos, "header section not ended by an empty line");
      }
      if (idx.count == limits.maxHeaders()) {
        throw new SipParseException(pos, "more than " + limits.maxHeaders() + " header lines");
      }
      pos = indexLine(buf, pos, end, limits, idx);
    }
  }

  private static int indexLine(
      byte[] buf, int lineStart, int end, SipLimits limits, MessageIndex idx)
      throws SipParseException {
    int pos = lineStart;
    while (pos < end && Bytes.isToken(buf[pos])) {
      pos++;
    }
    int nameEnd = pos;
    if (nameEnd == lineStart) {
      throw new SipParseException(
          lineStart,
          Bytes.isWsp(buf[lineStart])
              ? "continuation line without a header to continue"
              : "header name expected");
    }
    // HCOLON = *( SP / HTAB ) ":" SWS
    while (pos < end && Bytes.isWsp(buf[pos])) {
      pos++;
    }
    if (pos >= end || buf[pos] != ':') {
      throw new SipParseException(pos, "':' expected after header name");
    }
    int valueStart = Bytes.skipLws(buf, pos + 1, end);
    int lineEnd = endOfLine(buf, valueStart, end);
    if (lineEnd - lineStart > limits.maxLineBytes()) {
      throw new SipParseException(
          lineStart, "header line longer than " + limits.maxLineBytes() + " bytes");
    }
    int valueEnd = Bytes.trimEnd(buf, valueStart, lineEnd);
    idx.addLine(
        lineStart,
        nameEnd,
        valueStart,
        valueEnd,
        lineEnd,
        HeaderName.idOf(buf, lineStart, nameEnd));
    return lineEnd;
  }

  /**
   * The offset after the CRLF that ends the logical line containing {@code pos}: a CRLF followed by
   * SP/HT is a fold and the line goes on. A CR or LF alone is an error.
   */
  private static int endOfLine(byte[] buf, int pos, int end) throws SipParseException {
    while (pos < end) {
      byte b = buf[pos];
      if (b == CR) {
        if (pos + 1 >= end || buf[pos + 1] != LF) {
          throw new SipParseException(pos, "CR not followed by LF in header");
        }
        if (pos + 2 < end && Bytes.isWsp(buf[pos + 2])) {
          pos += 3;
          continue;
        }
        return pos + 2;
      }
      if (b == LF) {
        throw new SipParseException(pos, "LF without CR in header");
      }
      pos++;
    }
    throw new SipParseException(end, "header line not ended by CRLF");
  }
}
