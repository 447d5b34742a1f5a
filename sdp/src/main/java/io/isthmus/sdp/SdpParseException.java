package io.isthmus.sdp;

/**
 * A session description, or one of its lines, does not follow the SDP grammar (RFC 8866 §9) as far
 * as this model checks it.
 *
 * <p>The message names the 1-based line number, the line text (truncated, control characters shown
 * as {@code ?}) and the reason, e.g. {@code line 5 (m=audio x RTP/AVP 0): port is not a number}.
 * Lines added or changed by an edit have no input line number; their errors say {@code new line}.
 *
 * <p>Part of normal operation (hostile input), so it skips the stack trace.
 */
public final class SdpParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Longest line excerpt put into a message. */
  static final int MAX_EXCERPT = 40;

  private final int lineNumber;
  private final String reason;

  private SdpParseException(String message, int lineNumber, String reason) {
    super(message, null, false, false);
    this.lineNumber = lineNumber;
    this.reason = reason;
  }

  /** An error in the input line {@code number} (1-based), or in a new line if number is 0. */
  static SdpParseException atLine(int number, String lineText, String reason) {
    String where = number > 0 ? "line " + number : "new line";
    return new SdpParseException(
        where + " (" + excerpt(lineText) + "): " + reason, Math.max(number, 0), reason);
  }

  /** An error in the given line. */
  static SdpParseException at(SdpLine line, String reason) {
    return atLine(line.number(), line.text(), reason);
  }

  /** An error about the description as a whole (a missing line, an empty input). */
  static SdpParseException inDescription(String reason) {
    return new SdpParseException("description: " + reason, 0, reason);
  }

  /** The 1-based input line number, or 0 for a description-wide error or a line made by an edit. */
  public int lineNumber() {
    return lineNumber;
  }

  /** What was wrong, without the line. */
  public String reason() {
    return reason;
  }

  static String excerpt(String text) {
    boolean cut = text.length() > MAX_EXCERPT;
    String shown = cut ? text.substring(0, MAX_EXCERPT - 3) : text;
    StringBuilder sb = new StringBuilder(shown.length() + 3);
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      sb.append(c < 0x20 || c >= 0x7f ? '?' : c);
    }
    if (cut) {
      sb.append("...");
    }
    return sb.toString();
  }
}
