package io.isthmus.sip.header;

import io.isthmus.sip.SipParseException;

/**
 * CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16). The number must be below 2^31 (§8.1.1.5); leading
 * zeros are allowed ({@code 0009}, RFC 4475 wsinv). The method is case-sensitive; the common ones
 * come back as shared constants.
 *
 * @param number the sequence number, 0..2^31-1
 * @param method the method token
 */
public record CSeq(int number, String method) {
  private static final String[] KNOWN = {
    "INVITE",
    "ACK",
    "BYE",
    "CANCEL",
    "OPTIONS",
    "REGISTER",
    "PRACK",
    "SUBSCRIBE",
    "NOTIFY",
    "PUBLISH",
    "INFO",
    "REFER",
    "MESSAGE",
    "UPDATE"
  };

  /** Parses a CSeq header value. */
  public static CSeq parse(byte[] b, int off, int len) throws SipParseException {
    Lexer lx = new Lexer(b, off, len);
    lx.consumeSws();
    int number = (int) lx.expectNumber(Integer.MAX_VALUE, "CSeq number");
    if (!lx.consumeSws()) {
      throw lx.error("expected whitespace between CSeq number and method");
    }
    if (!lx.consumeToken()) {
      throw lx.error("expected CSeq method");
    }
    String method = method(b, lx.markStart(), lx.markEnd());
    lx.expectEnd("the CSeq method");
    return new CSeq(number, method);
  }

  /** The method token of {@code [start, end)}, shared when it is one of the RFC methods. */
  static String method(byte[] b, int start, int end) {
    for (String m : KNOWN) {
      if (m.length() == end - start && b[start] == m.charAt(0) && same(b, start, m)) {
        return m;
      }
    }
    return new String(b, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static boolean same(byte[] b, int start, String m) {
    for (int i = 1; i < m.length(); i++) {
      if (b[start + i] != m.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return number + " " + method;
  }
}
