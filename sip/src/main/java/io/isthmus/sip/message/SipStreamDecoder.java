package io.isthmus.sip.message;

import io.isthmus.sip.SipParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts SIP messages out of a byte stream (TCP, later TLS): feed it the bytes as they arrive, get
 * the complete messages back. On streams Content-Length is mandatory (RFC 3261 §18.3) because it is
 * the only frame boundary; CRLFs between messages (RFC 5626 keep-alives, §7.5) are skipped.
 *
 * <p>Look-ahead is bounded by {@link SipLimits#maxMessageBytes()}. Any error loses the framing for
 * good: the decoder stays failed and the connection must be closed. Each message gets its own byte
 * array, so it outlives the decoder's buffer. One decoder per connection, used by one thread.
 */
public final class SipStreamDecoder {
  private static final int CRLFCRLF_LENGTH = 4;

  private final SipLimits limits;
  private byte[] acc = new byte[4096];
  private int length;
  private int scanned;
  private MessageIndex pending;
  private int pendingTotal;
  private SipParseException failure;

  public SipStreamDecoder(SipLimits limits) {
    this.limits = limits;
  }

  public SipStreamDecoder() {
    this(SipLimits.DEFAULT);
  }

  /**
   * Adds {@code len} bytes from {@code chunk} and returns the messages they complete, in order.
   *
   * @throws SipParseException when the stream cannot be framed; it is unrecoverable, and every
   *     later call throws it again
   */
  public List<SipMessage> feed(byte[] chunk, int off, int len) throws SipParseException {
    if (failure != null) {
      throw failure;
    }
    append(chunk, off, len);
    List<SipMessage> out = List.of();
    try {
      SipMessage m;
      while ((m = next()) != null) {
        if (out.isEmpty()) {
          out = new ArrayList<>(2);
        }
        out.add(m);
      }
    } catch (SipParseException e) {
      failure =
          new SipParseException(
              e.offset(), "stream framing lost, close the connection: " + e.reason(), e.status());
      throw failure;
    }
    return out;
  }

  /** Bytes held that do not form a complete message yet. */
  public int buffered() {
    return length;
  }

  /** Whether an error made the stream unusable. */
  public boolean failed() {
    return failure != null;
  }

  private void append(byte[] chunk, int off, int len) {
    if (length + len > acc.length) {
      acc = Arrays.copyOf(acc, Math.max(acc.length * 2, length + len));
    }
    System.arraycopy(chunk, off, acc, length, len);
    length += len;
  }

  private SipMessage next() throws SipParseException {
    if (pending == null && !readHead()) {
      return null;
    }
    if (length < pendingTotal) {
      return null;
    }
    byte[] message = Arrays.copyOf(acc, pendingTotal);
    MessageIndex idx = pending;
    idx.bodyStart = idx.headersEnd;
    idx.bodyEnd = pendingTotal;
    consume(pendingTotal);
    pending = null;
    // the index offsets count from acc[0], which is message[0]
    return SipParser.wrap(message, idx);
  }

  /** Finds and parses the next header section; false when it is not complete yet. */
  private boolean readHead() throws SipParseException {
    int skip = SipParser.skipLeadingCrlf(acc, 0, length);
    if (skip > 0) {
      consume(skip);
    }
    if (length == 1 && acc[0] == Bytes.CR) {
      return false;
    }
    int end = findEmptyLine();
    if (end < 0) {
      if (length > limits.maxMessageBytes()) {
        throw new SipParseException(
            0, "no end of header section within " + limits.maxMessageBytes() + " bytes", 513);
      }
      return false;
    }
    MessageIndex idx = SipParser.parseHead(acc, 0, end, limits);
    int contentLength = ContentLengthFramer.contentLength(acc, idx, limits.maxMessageBytes());
    if (contentLength < 0) {
      throw new SipParseException(
          idx.headersEnd, "Content-Length is mandatory on stream transports");
    }
    long total = (long) idx.headersEnd + contentLength;
    if (total > limits.maxMessageBytes()) {
      throw new SipParseException(
          0, "message larger than " + limits.maxMessageBytes() + " bytes", 513);
    }
    idx.contentLength = contentLength;
    pending = idx;
    pendingTotal = (int) total;
    return true;
  }

  /** The offset after the first CRLFCRLF, scanning only bytes not scanned before; -1 if none. */
  private int findEmptyLine() {
    int limit = Math.min(length, limits.maxMessageBytes() + CRLFCRLF_LENGTH);
    for (int i = Math.max(scanned - 3, 0); i + 3 < limit; i++) {
      if (acc[i] == Bytes.CR
          && acc[i + 1] == Bytes.LF
          && acc[i + 2] == Bytes.CR
          && acc[i + 3] == Bytes.LF) {
        scanned = 0;
        return i + CRLFCRLF_LENGTH;
      }
    }
    scanned = limit;
    return -1;
  }

  private void consume(int n) {
    System.arraycopy(acc, n, acc, 0, length - n);
    length -= n;
    scanned = Math.max(scanned - n, 0);
  }
}
