package io.isthmus.sip;

/**
 * A SIP message, or a part of one, does not follow the grammar of RFC 3261 §25 (or breaks one of
 * our limits).
 *
 * <p>Carries the byte offset where parsing failed, counted from the start of the buffer the parser
 * was given, and the status code a proxy answers a request with when this is the reason it cannot
 * handle it (400 for most grammar errors, 505 for an unknown SIP version, 513 for a message that is
 * too large, ...). Responses that fail to parse are dropped, never answered.
 *
 * <p>This exception is part of normal operation (hostile input), so it skips the stack trace.
 */
public final class SipParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int offset;
  private final int status;
  private final String reason;

  /** A grammar error answered with 400 Bad Request. */
  public SipParseException(int offset, String reason) {
    this(offset, reason, 400);
  }

  /** An error with an explicit status code to answer with. */
  public SipParseException(int offset, String reason, int status) {
    super(reason + " at offset " + offset, null, false, false);
    this.offset = offset;
    this.status = status;
    this.reason = reason;
  }

  /** Byte offset of the first byte that could not be accepted. */
  public int offset() {
    return offset;
  }

  /** The status code to answer a request with (400, 505, 513, ...). */
  public int status() {
    return status;
  }

  /** What was expected or what was wrong, without the offset. */
  public String reason() {
    return reason;
  }
}
