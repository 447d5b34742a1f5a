package io.isthmus.ng.bencode;

/**
 * Bytes that are not a JSON document NG can carry (RFC 8259 grammar, minus what rtpengine cannot
 * convert to bencode: {@code null} and fractional numbers), or that break the {@link
 * BencodeLimits}. Carries the byte offset from the start of the document; no stack trace.
 */
public final class JsonSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int offset;
  private final String reason;
  private final boolean syntax;

  /** A syntax error at {@code offset} with a human-readable {@code reason}. */
  public JsonSyntaxException(int offset, String reason) {
    this(offset, reason, true);
  }

  /**
   * @param syntax true when the bytes are not JSON at all; false when they are JSON that NG cannot
   *     carry (null, a fraction, a duplicate key, not an object, over the limits)
   */
  public JsonSyntaxException(int offset, String reason, boolean syntax) {
    super(reason + " at offset " + offset, null, false, false);
    this.offset = offset;
    this.reason = reason;
    this.syntax = syntax;
  }

  /** Whether the document is not JSON (rather than JSON that NG cannot carry). */
  public boolean isSyntax() {
    return syntax;
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
