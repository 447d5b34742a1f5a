package io.isthmus.sdp;

/**
 * How one line of a description ended in the input. RFC 8866 §5 asks for CRLF, but bare LF is
 * common in the wild and must be accepted; the last line may have no ending at all.
 */
public enum LineEnding {
  /** Carriage return and line feed, as RFC 8866 §5 requires. */
  CRLF("\r\n"),
  /** A bare line feed (accepted, as RFC 8866 §5 recommends parsers do). */
  LF("\n"),
  /** No ending: only possible on the last line of the input. */
  NONE("");

  private final String chars;

  LineEnding(String chars) {
    this.chars = chars;
  }

  /** The characters written after the line. */
  public String chars() {
    return chars;
  }
}
