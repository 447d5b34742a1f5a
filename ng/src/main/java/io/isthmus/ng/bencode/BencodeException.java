package io.isthmus.ng.bencode;

/**
 * Bytes that are not a bencode value, or that break one of the {@link BencodeLimits}.
 *
 * <p>Carries the byte offset where decoding failed, counted from the first byte of the value the
 * decoder was given (for an NG message: the first byte after the cookie and its space). Hostile
 * input is normal operation, so the exception has no stack trace.
 */
public final class BencodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int offset;
  private final String reason;

  /** An error at {@code offset} with a human-readable {@code reason}. */
  public BencodeException(int offset, String reason) {
    super(reason + " at offset " + offset, null, false, false);
    this.offset = offset;
    this.reason = reason;
  }

  /** Offset of the first byte that could not be accepted. */
  public int offset() {
    return offset;
  }

  /** What was wrong, without the offset. */
  public String reason() {
    return reason;
  }
}
