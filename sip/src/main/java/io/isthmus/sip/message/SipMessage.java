package io.isthmus.sip.message;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * An immutable SIP message over the bytes it was parsed from (RFC 3261 §7). Header values are
 * parsed on first access and cached; unparsed headers stay bytes and are written out exactly as
 * they came.
 */
public sealed interface SipMessage permits SipRequest, SipResponse {

  /** The first value of {@code name} (the first list element for comma-list headers), unfolded. */
  Optional<String> headerValue(HeaderName name);

  /**
   * Every value of {@code name} in order, over all its header lines; lines of comma-list headers
   * are split at commas outside quotes and {@code <>}.
   */
  List<String> headerValues(HeaderName name);

  /** Whether at least one line of {@code name} is present. */
  boolean hasHeader(HeaderName name);

  /** The number of values of {@code name} (comma-list elements counted one by one). */
  int valueCount(HeaderName name);

  /** The Content-Length value as framed by the parser, or -1 when the header was absent. */
  int contentLength();

  /** The body as a read-only view into the message buffer. */
  ByteBuffer body();

  /** A copy of the body. */
  byte[] bodyBytes();

  int bodyLength();

  /** The number of bytes {@link #writeTo(byte[], int)} writes. */
  int size();

  /**
   * Writes the message as it came: start line, header lines byte for byte (folds and compact names
   * included), the empty line and Content-Length bytes of body.
   *
   * @return the number of bytes written
   */
  int writeTo(byte[] dst, int off);

  /** Writes the message into {@code dst} at its position, advancing it. */
  void writeTo(ByteBuffer dst);

  byte[] toBytes();
}
