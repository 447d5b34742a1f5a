package io.isthmus.sip.header;

import io.isthmus.sip.SipParseException;

/**
 * Content-Length = 1*DIGIT (RFC 3261 §20.14). A sign or any other character is an error ({@code
 * -999}, RFC 4475 ncl); the value is bounded by the caller's limit (at most 2^31-1).
 */
public final class ContentLength {
  private ContentLength() {}

  /** Parses a Content-Length value no larger than {@code max}. */
  public static int parse(byte[] b, int off, int len, int max) throws SipParseException {
    Lexer lx = new Lexer(b, off, len);
    lx.consumeSws();
    int value = (int) lx.expectNumber(max, "Content-Length");
    lx.expectEnd("Content-Length");
    return value;
  }

  /** Parses a Content-Length value up to 2^31-1. */
  public static int parse(byte[] b, int off, int len) throws SipParseException {
    return parse(b, off, len, Integer.MAX_VALUE);
  }
}
