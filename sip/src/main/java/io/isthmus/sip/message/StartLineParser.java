package io.isthmus.sip.message;

import static io.isthmus.sip.message.Bytes.CR;
import static io.isthmus.sip.message.Bytes.LF;
import static io.isthmus.sip.message.Bytes.SP;

import io.isthmus.sip.SipParseException;

/**
 * The start line (RFC 3261 §7.1, §7.2), strictly by the grammar:
 *
 * <pre>
 *   Request-Line = Method SP Request-URI SP SIP-Version CRLF
 *   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF
 * </pre>
 *
 * Single SPs only: a liberal reading of extra SPs (RFC 4475 lwsstart, trws) would forward them,
 * because the serializer copies the start line as it came.
 */
final class StartLineParser {
  private static final byte[] SIP_SLASH = Bytes.ascii("sip/");

  private StartLineParser() {}

  /** Parses the start line at idx.start and returns the offset after its CRLF. */
  static int parse(byte[] buf, int end, SipLimits limits, MessageIndex idx)
      throws SipParseException {
    int start = idx.start;
    int crlf = findCrlf(buf, start, end, limits);
    idx.startLineEnd = crlf;
    if (crlf - start >= 4 && Bytes.equalsLower(buf, start, start + 4, SIP_SLASH)) {
      parseStatusLine(buf, start, crlf, idx);
    } else {
      parseRequestLine(buf, start, crlf, idx);
    }
    return crlf + 2;
  }

  private static int findCrlf(byte[] buf, int start, int end, SipLimits limits)
      throws SipParseException {
    int max = Math.min(end, start + limits.maxLineBytes());
    for (int i = start; i < max; i++) {
      if (buf[i] == CR) {
        if (i + 1 < end && buf[i + 1] == LF) {
          return i;
        }
        throw new SipParseException(i, "CR not followed by LF in start line");
      }
      if (buf[i] == LF) {
        throw new SipParseException(i, "LF without CR in start line");
      }
    }
    if (max < end) {
      throw new SipParseException(
          start, "start line longer than " + limits.maxLineBytes() + " bytes");
    }
    throw new SipParseException(end, "start line not ended by CRLF");
  }

  private static void parseRequestLine(byte[] buf, int start, int eol, MessageIndex idx)
      throws SipParseException {
    int pos = start;
    while (pos < eol && Bytes.isToken(buf[pos])) {
      pos++;
    }
    if (pos == start) {
      throw new SipParseException(start, "method expected");
    }
    if (pos == eol || buf[pos] != SP) {
      throw new SipParseException(pos, "SP expected after method");
    }
    idx.request = true;
    idx.methodEnd = pos;
    int uriStart = pos + 1;
    int uriEnd = uriStart;
    while (uriEnd < eol && buf[uriEnd] != SP) {
      // Request-URI has no LWS and no control characters (RFC 3261 §19.1.1, RFC 4475 §3.1.2.8)
      if ((buf[uriEnd] & 0xFF) < 0x21 || buf[uriEnd] == 0x7F) {
        throw new SipParseException(uriEnd, "control character or white space in Request-URI");
      }
      uriEnd++;
    }
    if (uriEnd == uriStart) {
      throw new SipParseException(uriStart, "Request-URI expected (one SP between parts)");
    }
    if (uriEnd == eol) {
      throw new SipParseException(eol, "SIP-Version expected after Request-URI");
    }
    idx.uriStart = uriStart;
    idx.uriEnd = uriEnd;
    checkVersion(buf, uriEnd + 1, eol);
    idx.method = Method.of(buf, start, idx.methodEnd);
  }

  private static void parseStatusLine(byte[] buf, int start, int eol, MessageIndex idx)
      throws SipParseException {
    int sp = Bytes.indexOf(buf, start, eol, SP);
    if (sp < 0) {
      throw new SipParseException(eol, "SP expected after SIP-Version");
    }
    checkVersion(buf, start, sp);
    int code = 0;
    int pos = sp + 1;
    for (int i = 0; i < 3; i++, pos++) {
      if (pos >= eol || buf[pos] < '0' || buf[pos] > '9') {
        throw new SipParseException(pos, "three-digit Status-Code expected");
      }
      code = code * 10 + (buf[pos] - '0');
    }
    if (code < 100 || code > 699) {
      throw new SipParseException(sp + 1, "Status-Code outside 100..699");
    }
    if (pos == eol || buf[pos] != SP) {
      throw new SipParseException(pos, "SP expected after the three-digit Status-Code");
    }
    // Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB):
    // any text but CR and LF, which findCrlf already excluded; it may be empty.
    idx.request = false;
    idx.status = code;
    idx.reasonStart = pos + 1;
    idx.reasonEnd = eol;
  }

  /**
   * SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT, case-insensitive (§7.1). A well-formed version
   * other than 2.0 is answered with 505 (§8.2.3 does not apply to proxies, but §16.3 does by
   * reference to §8.2 checks; RFC 4475 §3.1.2.16).
   */
  private static void checkVersion(byte[] buf, int start, int end) throws SipParseException {
    if (end - start < 4 || !Bytes.equalsLower(buf, start, start + 4, SIP_SLASH)) {
      throw new SipParseException(start, "SIP-Version expected");
    }
    int pos = start + 4;
    int majorStart = pos;
    while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
      pos++;
    }
    int majorEnd = pos;
    if (majorEnd == majorStart || pos == end || buf[pos] != '.') {
      throw new SipParseException(pos, "malformed SIP-Version");
    }
    pos++;
    int minorStart = pos;
    while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
      pos++;
    }
    if (pos == minorStart || pos != end) {
      throw new SipParseException(pos, "malformed SIP-Version");
    }
    boolean v20 =
        majorEnd - majorStart == 1
            && buf[majorStart] == '2'
            && pos - minorStart == 1
            && buf[minorStart] == '0';
    if (!v20) {
      throw new SipParseException(start, "SIP version not supported", 505);
    }
  }
}
