package io.isthmus.sip.message;

import static io.isthmus.sip.message.Bytes.CR;
import static io.isthmus.sip.message.Bytes.LF;

import io.isthmus.sip.SipParseException;
import java.util.Objects;

/**
 * Parses a SIP message from bytes: the start line, an index of the header lines, and the body by
 * Content-Length. Header values are not parsed here; the typed accessors of {@link SipMessage} do
 * that on first use.
 *
 * <p>The message keeps a reference to the given array (no copy): the caller hands the bytes over
 * and must not change them afterwards.
 */
public final class SipParser {
  private SipParser() {}

  /** {@link #parseDatagram(byte[], int, int, SipLimits)} with the default limits. */
  public static SipMessage parseDatagram(byte[] buf, int off, int len) throws SipParseException {
    return parseDatagram(buf, off, len, SipLimits.DEFAULT);
  }

  /**
   * Parses one UDP datagram (RFC 3261 §18.3): the body is Content-Length bytes and octets after it
   * are ignored; without Content-Length the body is the rest of the datagram.
   */
  public static SipMessage parseDatagram(byte[] buf, int off, int len, SipLimits limits)
      throws SipParseException {
    Objects.checkFromIndexSize(off, len, buf.length);
    MessageIndex idx = parseHead(buf, off, off + len, limits);
    ContentLengthFramer.frameDatagram(buf, off + len, limits, idx);
    return wrap(buf, idx);
  }

  /** Start line and header index; sets everything in the index but the body. */
  static MessageIndex parseHead(byte[] buf, int off, int end, SipLimits limits)
      throws SipParseException {
    int pos = skipLeadingCrlf(buf, off, end);
    if (pos == end) {
      throw new SipParseException(pos, "no start line");
    }
    if (end - pos > limits.maxMessageBytes()) {
      throw new SipParseException(
          pos, "message larger than " + limits.maxMessageBytes() + " bytes", 513);
    }
    MessageIndex idx = new MessageIndex();
    idx.start = pos;
    int headersStart = StartLineParser.parse(buf, end, limits, idx);
    idx.headersEnd = HeaderIndexer.index(buf, headersStart, end, limits, idx);
    return idx;
  }

  /** RFC 3261 §7.5: CRLFs before the start line are ignored (keep-alives, sloppy stacks). */
  static int skipLeadingCrlf(byte[] buf, int pos, int end) {
    while (pos + 1 < end && buf[pos] == CR && buf[pos + 1] == LF) {
      pos += 2;
    }
    return pos;
  }

  static SipMessage wrap(byte[] buf, MessageIndex idx) {
    return idx.request ? new SipRequest(buf, idx) : new SipResponse(buf, idx);
  }
}
