package io.isthmus.proxy.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Answers a request whose bytes did not even parse into a message (bad start line, broken header
 * section, bad Content-Length): the response is assembled from the raw lines that a response must
 * echo (Via, From, To, Call-ID, CSeq, RFC 3261 §8.2.6.2), found by name only. Nothing is answered
 * when the bytes look like a response or an ACK (§17.1.1: ACKs are never answered), when they do
 * not start like a request, or when there is no Via to address the answer to.
 */
final class RawBadRequest {
  private static final String[] ECHOED = {
    "via", "v", "from", "f", "to", "t", "call-id", "i", "cseq"
  };

  private RawBadRequest() {}

  /** The bytes of a response with {@code status} and a Warning, or null to stay silent. */
  static byte[] answer(byte[] buf, int off, int len, int status, String warning) {
    int end = off + len;
    int pos = off;
    while (pos + 1 < end && buf[pos] == '\r' && buf[pos + 1] == '\n') {
      pos += 2;
    }
    int lineEnd = lineEnd(buf, pos, end);
    if (!looksLikeRequestLine(buf, pos, lineEnd)) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    out.writeBytes(
        ("SIP/2.0 " + status + " " + StatelessResponses.reasonPhrase(status) + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    boolean copying = false;
    boolean sawVia = false;
    pos = next(buf, lineEnd, end);
    while (pos < end) {
      lineEnd = lineEnd(buf, pos, end);
      int contentEnd = lineEnd > pos && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
      if (contentEnd == pos) {
        break; // the empty line: end of the header section
      }
      boolean continuation = buf[pos] == ' ' || buf[pos] == '\t';
      if (!continuation) {
        int echoed = echoedName(buf, pos, contentEnd);
        copying = echoed >= 0;
        sawVia |= echoed == 0 || echoed == 1;
      }
      if (copying && !hasBareCr(buf, pos, contentEnd)) {
        out.write(buf, pos, contentEnd - pos);
        out.write('\r');
        out.write('\n');
      }
      pos = next(buf, lineEnd, end);
    }
    if (!sawVia) {
      return null;
    }
    out.writeBytes(("Warning: " + warning + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes("Content-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /**
   * A token method, a space, and not "ACK "; the rest of the line may be anything. A status line
   * fails the test by itself: '/' is not a token character.
   */
  private static boolean looksLikeRequestLine(byte[] buf, int start, int end) {
    int i = start;
    while (i < end && isTokenChar(buf[i])) {
      i++;
    }
    if (i == start || i >= end || buf[i] != ' ') {
      return false;
    }
    boolean ack =
        i - start == 3 && buf[start] == 'A' && buf[start + 1] == 'C' && buf[start + 2] == 'K';
    return !ack;
  }

  /** Index in {@link #ECHOED} of the header name that starts the line, or -1. */
  private static int echoedName(byte[] buf, int start, int end) {
    int colon = start;
    while (colon < end && buf[colon] != ':') {
      colon++;
    }
    if (colon == end) {
      return -1;
    }
    int nameEnd = colon;
    while (nameEnd > start && (buf[nameEnd - 1] == ' ' || buf[nameEnd - 1] == '\t')) {
      nameEnd--;
    }
    for (int k = 0; k < ECHOED.length; k++) {
      String name = ECHOED[k];
      if (nameEnd - start != name.length()) {
        continue;
      }
      boolean same = true;
      for (int i = 0; i < name.length() && same; i++) {
        same = (buf[start + i] | 0x20) == name.charAt(i);
      }
      if (same) {
        return k;
      }
    }
    return -1;
  }

  private static boolean hasBareCr(byte[] buf, int start, int end) {
    for (int i = start; i < end; i++) {
      if (buf[i] == '\r' || buf[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /** The index of the LF ending the line at {@code pos}, or {@code end}. */
  private static int lineEnd(byte[] buf, int pos, int end) {
    int i = pos;
    while (i < end && buf[i] != '\n') {
      i++;
    }
    return i;
  }

  private static int next(byte[] buf, int lineEnd, int end) {
    return lineEnd < end ? lineEnd + 1 : end;
  }

  private static boolean isTokenChar(byte b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || "-.!%*_+`'~".indexOf(b) >= 0;
  }
}
