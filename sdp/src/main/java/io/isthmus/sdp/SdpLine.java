package io.isthmus.sdp;

import java.util.Objects;

/**
 * One {@code <type>=<value>} line of a session description, with the ending it had in the input.
 *
 * <p>Immutable. A line read from the input keeps its exact text (ISO-8859-1, one char per byte) and
 * its 1-based input line number; a line made by an edit has number 0. For attribute lines ({@code
 * a=<name>[:<value>]}, RFC 8866 §5.13) the name and value are split once, here.
 */
public final class SdpLine {
  private final String text;
  private final LineEnding ending;
  private final int number;

  /** End of the attribute name in {@link #text}, or -1 if this is not an a= line. */
  private final int nameEnd;

  SdpLine(String text, LineEnding ending, int number) {
    this.text = text;
    this.ending = ending;
    this.number = number;
    this.nameEnd = text.charAt(0) == 'a' ? attributeNameEnd(text) : -1;
  }

  /**
   * A new line {@code <type>=<value>}.
   *
   * @throws IllegalArgumentException if the type is not a-z or the value holds CR, LF or NUL
   */
  public static SdpLine of(char type, String value) {
    if (type < 'a' || type > 'z') {
      throw new IllegalArgumentException("line type must be a-z: " + type);
    }
    Objects.requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
        throw new IllegalArgumentException("line value holds CR, LF, NUL or a non-8-bit char");
      }
    }
    return new SdpLine(type + "=" + value, LineEnding.CRLF, 0);
  }

  /** A new attribute line {@code a=<name>:<value>}, or a flag {@code a=<name>} if value is null. */
  public static SdpLine attribute(String name, String value) {
    Tokens.requireToken(name, "attribute name");
    if (name.indexOf(':') >= 0) {
      throw new IllegalArgumentException("attribute name holds ':': " + name);
    }
    return of('a', value == null ? name : name + ":" + value);
  }

  private static int attributeNameEnd(String text) {
    int colon = text.indexOf(':', 2);
    if (colon >= 0) {
      return colon;
    }
    int end = text.length();
    while (end > 2 && text.charAt(end - 1) == ' ') {
      end--; // "a=sendrecv " is still the sendrecv flag
    }
    return end;
  }

  /** The line type letter ({@code v}, {@code o}, {@code m}, {@code a}, ...). */
  public char type() {
    return text.charAt(0);
  }

  /** Everything after {@code <type>=}. */
  public String value() {
    return text.substring(2);
  }

  /** The whole line without its ending, e.g. {@code a=rtpmap:0 PCMU/8000}. */
  public String text() {
    return text;
  }

  /** The line ending it had in the input (new lines: the document's style, set when written). */
  public LineEnding ending() {
    return ending;
  }

  /** The 1-based line number in the input, or 0 for a line made or changed by an edit. */
  public int number() {
    return number;
  }

  /** Whether this is an {@code a=} line. */
  public boolean isAttribute() {
    return nameEnd >= 0;
  }

  /**
   * Whether this is the attribute {@code name}. Names are compared ignoring ASCII case: real SDPs
   * are sloppy, and no two registered attributes differ only in case.
   */
  public boolean isAttribute(String name) {
    return nameEnd - 2 == name.length() && text.regionMatches(true, 2, name, 0, name.length());
  }

  /** The attribute name of an {@code a=} line, or null for other lines. */
  public String attributeName() {
    return nameEnd < 0 ? null : text.substring(2, nameEnd);
  }

  /** The attribute value (after the first ':'), or null for a flag attribute or another line. */
  public String attributeValue() {
    return nameEnd < 0 || nameEnd == text.length() || text.charAt(nameEnd) != ':'
        ? null
        : text.substring(nameEnd + 1);
  }

  SdpLine withEnding(LineEnding newEnding) {
    return newEnding == ending ? this : new SdpLine(text, newEnding, number);
  }

  /** A changed copy: new value, same type and ending, no input line number. */
  SdpLine withValue(String value) {
    return SdpLine.of(type(), value).withEnding(ending);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SdpLine l && l.text.equals(text) && l.ending == ending;
  }

  @Override
  public int hashCode() {
    return text.hashCode() * 31 + ending.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
