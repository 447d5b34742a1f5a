package io.isthmus.sip.message;

import io.isthmus.sip.SipParseException;

/**
 * Finds the body by Content-Length (RFC 3261 §18.3, §20.14). Over UDP the header is optional
 * (missing: the body is the rest of the datagram) and octets after the body are ignored; on a
 * stream it is mandatory. A value that is not 1*DIGIT, or two lines that disagree, make the framing
 * unknowable: 400 (RFC 4475 ncl, mcl01).
 */
final class ContentLengthFramer {
  private ContentLengthFramer() {}

  /** The Content-Length from the index, or -1 when there is no such header. */
  static int contentLength(byte[] buf, MessageIndex idx, int maxValue) throws SipParseException {
    int found = -1;
    int id = HeaderName.CONTENT_LENGTH.id();
    for (int i = 0; i < idx.count; i++) {
      if (idx.get(i, MessageIndex.ID) != id) {
        continue;
      }
      int value =
          parse(
              buf,
              idx.get(i, MessageIndex.VALUE_START),
              idx.get(i, MessageIndex.VALUE_END),
              maxValue);
      if (found >= 0 && found != value) {
        throw new SipParseException(
            idx.get(i, MessageIndex.LINE_START),
            "Content-Length given twice with different values");
      }
      found = value;
    }
    return found;
  }

  private static int parse(byte[] buf, int start, int end, int maxValue) throws SipParseException {
    if (start == end) {
      throw new SipParseException(start, "empty Content-Length");
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      byte b = buf[i];
      if (b < '0' || b > '9') {
        throw new SipParseException(i, "Content-Length is not a decimal number");
      }
      value = value * 10 + (b - '0');
      if (value > maxValue) {
        throw new SipParseException(
            start, "Content-Length larger than the message size limit", 513);
      }
    }
    return (int) value;
  }

  /** Sets the body of a datagram message: headersEnd .. min(Content-Length, end of datagram). */
  static void frameDatagram(byte[] buf, int end, SipLimits limits, MessageIndex idx)
      throws SipParseException {
    int length = contentLength(buf, idx, limits.maxMessageBytes());
    idx.contentLength = length;
    idx.bodyStart = idx.headersEnd;
    if (length < 0) {
      idx.bodyEnd = end;
    } else if (length > end - idx.headersEnd) {
      throw new SipParseException(
          end,
          "Content-Length "
              + length
              + " larger than the "
              + (end - idx.headersEnd)
              + " body bytes present");
    } else {
      idx.bodyEnd = idx.headersEnd + length;
    }
  }
}
