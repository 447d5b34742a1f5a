package io.isthmus.sip.message;

import java.util.Arrays;

/**
 * Where everything is in a message buffer: the start line's parts, one row of offsets per header
 * line, the body. Filled once by the parser, then never changed.
 *
 * <p>Header rows are packed into one int array, {@value #STRIDE} ints per line:
 *
 * <pre>
 *   +0 line start (= name start)   +1 name end      +2 value start (after HCOLON and LWS)
 *   +3 value end (trailing LWS cut) +4 line end (after the CRLF that ends the line, folds included)
 *   +5 id of the well-known name, or -1
 * </pre>
 */
final class MessageIndex {
  static final int STRIDE = 6;
  static final int LINE_START = 0;
  static final int NAME_END = 1;
  static final int VALUE_START = 2;
  static final int VALUE_END = 3;
  static final int LINE_END = 4;
  static final int ID = 5;

  /** First byte of the start line (leading CRLFs skipped). */
  int start;

  /** Offset of the CRLF that ends the start line. */
  int startLineEnd;

  boolean request;
  Method method;
  int methodEnd;
  int uriStart;
  int uriEnd;
  int status;
  int reasonStart;
  int reasonEnd;

  int[] lines = new int[16 * STRIDE];
  int count;

  /** First byte after the empty line that ends the header section. */
  int headersEnd;

  int bodyStart;
  int bodyEnd;

  /** The Content-Length value, or -1 when the message has none. */
  int contentLength = -1;

  void addLine(int lineStart, int nameEnd, int valueStart, int valueEnd, int lineEnd, int id) {
    int base = count * STRIDE;
    if (base + STRIDE > lines.length) {
      lines = Arrays.copyOf(lines, lines.length * 2);
    }
    lines[base + LINE_START] = lineStart;
    lines[base + NAME_END] = nameEnd;
    lines[base + VALUE_START] = valueStart;
    lines[base + VALUE_END] = valueEnd;
    lines[base + LINE_END] = lineEnd;
    lines[base + ID] = id;
    count++;
  }

  /**
   * Cuts the rows' array to the lines there are (it grows in steps of 16 lines while parsing); the
   * rows stay the same, so a reader holding the old array reads the same values.
   */
  void trim() {
    if (lines.length > count * STRIDE) {
      lines = Arrays.copyOf(lines, count * STRIDE);
    }
  }

  int get(int line, int field) {
    return lines[line * STRIDE + field];
  }
}
