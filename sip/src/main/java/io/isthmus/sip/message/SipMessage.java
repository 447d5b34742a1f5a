package io.isthmus.sip.message;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.CSeq;
import io.isthmus.sip.header.Contacts;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.header.Via;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * An immutable SIP message over the bytes it was parsed from (RFC 3261 §7). Header values are
 * parsed on first access and cached; unparsed headers stay bytes and are written out exactly as
 * they came.
 *
 * <p>Typed accessors throw {@link SipParseException} (with the offset in this message's buffer)
 * when the header is malformed, missing where required, or repeated where it must be single.
 */
public sealed interface SipMessage permits SipRequest, SipResponse {

  /** The Call-ID (RFC 3261 §20.8); exactly one is required. */
  String callId() throws SipParseException;

  /**
   * Frees the parsed header values and spare index room of a message kept only in case it is needed
   * again; reads still work (they parse again). See {@code MessageBase#compact}.
   */
  void compact();

  /** The CSeq (RFC 3261 §20.16); exactly one is required. */
  CSeq cseq() throws SipParseException;

  /** The From address with its tag (RFC 3261 §20.20); exactly one is required. */
  NameAddress from() throws SipParseException;

  /** The To address with its tag, if any (RFC 3261 §20.39); exactly one is required. */
  NameAddress to() throws SipParseException;

  /** Every Via value, topmost first, over all Via lines (RFC 3261 §20.42). */
  List<Via> vias() throws SipParseException;

  /** The topmost Via; a message without one is an error. */
  Via topVia() throws SipParseException;

  /** Max-Forwards (0..255), or -1 when absent (allowed for RFC 2543 peers). */
  int maxForwards() throws SipParseException;

  /** Route values in order, over all Route lines; empty when absent. */
  List<NameAddress> routes() throws SipParseException;

  /** Record-Route values in order, over all Record-Route lines; empty when absent. */
  List<NameAddress> recordRoutes() throws SipParseException;

  /** Contact values over all Contact lines, or the wildcard {@code *}. */
  Contacts contacts() throws SipParseException;

  /** The Content-Type value as written, unfolded. */
  Optional<String> contentType();

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
