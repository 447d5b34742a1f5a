package io.isthmus.sip.header;

import io.isthmus.sip.SipParseException;

/**
 * Max-Forwards = 1*DIGIT, 0..255 (RFC 3261 §20.22). Leading zeros are allowed ({@code 0068} is 68,
 * RFC 4475 wsinv); 300 is refused (RFC 4475 scalar02).
 */
public final class MaxForwards {
  private MaxForwards() {}

  /** Parses a Max-Forwards header value. */
  public static int parse(byte[] b, int off, int len) throws SipParseException {
    Lexer lx = new Lexer(b, off, len);
    lx.consumeSws();
    int value = (int) lx.expectNumber(255, "Max-Forwards");
    lx.expectEnd("Max-Forwards");
    return value;
  }
}
