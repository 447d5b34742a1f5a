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

  /** An error at {@code offset} with a human-readable {@code reason}. */
  public JsonSyntaxException(int offset, String reason) {
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
