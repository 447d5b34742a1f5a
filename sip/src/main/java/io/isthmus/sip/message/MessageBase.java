package io.isthmus.sip.message;

import static io.isthmus.sip.message.MessageIndex.ID;
import static io.isthmus.sip.message.MessageIndex.LINE_START;
import static io.isthmus.sip.message.MessageIndex.NAME_END;
import static io.isthmus.sip.message.MessageIndex.VALUE_END;
import static io.isthmus.sip.message.MessageIndex.VALUE_START;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.CSeq;
import io.isthmus.sip.header.Contacts;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.header.Via;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What requests and responses share: the buffer, its index, raw header access, output. */
abstract sealed class MessageBase permits SipRequest, SipResponse {
  final byte[] buf;
  final MessageIndex idx;
  private final TypedHeaders typed;

  MessageBase(byte[] buf, MessageIndex idx) {
    this.buf = buf;
    this.idx = idx;
    this.typed = new TypedHeaders(this);
  }

  /**
   * Frees what can be rebuilt from the buffer: the parsed header values and the index's spare room.
   * For a message kept only in case it is needed again (a transaction waiting out its timers); a
   * later read parses again. The message's content never changes.
   */
  public void compact() {
    typed.clear();
    idx.trim();
  }

  public final String callId() throws SipParseException {
    return typed.callId();
  }

  public final CSeq cseq() throws SipParseException {
    return typed.cseq();
  }

  public final NameAddress from() throws SipParseException {
    return typed.from();
  }

  public final NameAddress to() throws SipParseException {
    return typed.to();
  }

  public final List<Via> vias() throws SipParseException {
    return typed.vias();
  }

  public final Via topVia() throws SipParseException {
    List<Via> all = typed.vias();
    if (all.isEmpty()) {
      throw new SipParseException(idx.headersEnd - 2, "missing Via header");
    }
    return all.getFirst();
  }

  public final int maxForwards() throws SipParseException {
    return typed.maxForwards();
  }

  public final List<NameAddress> routes() throws SipParseException {
    return typed.routes();
  }

  public final List<NameAddress> recordRoutes() throws SipParseException {
    return typed.recordRoutes();
  }

  public final Contacts contacts() throws SipParseException {
    return typed.contacts();
  }

  public final Optional<String> contentType() {
    return headerValue(HeaderName.CONTENT_TYPE);
  }

  /** The index of the first line of {@code name} at or after line {@code from}, or -1. */
  final int findLine(HeaderName name, int from) {
    for (int i = from; i < idx.count; i++) {
      if (name.matches(idx.get(i, ID), buf, idx.get(i, LINE_START), idx.get(i, NAME_END))) {
        return i;
      }
    }
    return -1;
  }

  final int valueStart(int line) {
    return idx.get(line, VALUE_START);
  }

  final int valueEnd(int line) {
    return idx.get(line, VALUE_END);
  }

  public final Optional<String> headerValue(HeaderName name) {
    int line = findLine(name, 0);
    if (line < 0) {
      return Optional.empty();
    }
    int start = valueStart(line);
    int end = valueEnd(line);
    if (name.isCommaList()) {
      end = Bytes.trimEnd(buf, start, ValueSplitter.nextComma(buf, start, end));
    }
    return Optional.of(Bytes.unfold(buf, start, end));
  }

  public final List<String> headerValues(HeaderName name) {
    List<String> values = new ArrayList<>(2);
    for (int line = findLine(name, 0); line >= 0; line = findLine(name, line + 1)) {
      int start = valueStart(line);
      int end = valueEnd(line);
      if (!name.isCommaList() || start == end) {
        values.add(Bytes.unfold(buf, start, end));
        continue;
      }
      int pos = start;
      while (pos <= end) {
        int comma = ValueSplitter.nextComma(buf, pos, end);
        int s = Bytes.skipLws(buf, pos, comma);
        values.add(Bytes.unfold(buf, s, Bytes.trimEnd(buf, s, comma)));
        pos = comma + 1;
      }
    }
    return values;
  }

  public final boolean hasHeader(HeaderName name) {
    return findLine(name, 0) >= 0;
  }

  public final int valueCount(HeaderName name) {
    int n = 0;
    for (int line = findLine(name, 0); line >= 0; line = findLine(name, line + 1)) {
      n += name.isCommaList() ? ValueSplitter.count(buf, valueStart(line), valueEnd(line)) : 1;
    }
    return n;
  }

  public final int contentLength() {
    return idx.contentLength;
  }

  public final ByteBuffer body() {
    return ByteBuffer.wrap(buf, idx.bodyStart, idx.bodyEnd - idx.bodyStart)
        .slice()
        .asReadOnlyBuffer();
  }

  public final byte[] bodyBytes() {
    return Arrays.copyOfRange(buf, idx.bodyStart, idx.bodyEnd);
  }

  public final int bodyLength() {
    return idx.bodyEnd - idx.bodyStart;
  }

  public final int size() {
    return idx.bodyEnd - idx.start;
  }

  public final int writeTo(byte[] dst, int off) {
    int n = size();
    System.arraycopy(buf, idx.start, dst, off, n);
    return n;
  }

  public final void writeTo(ByteBuffer dst) {
    dst.put(buf, idx.start, size());
  }

  public final byte[] toBytes() {
    return Arrays.copyOfRange(buf, idx.start, idx.bodyEnd);
  }

  @Override
  public String toString() {
    return Bytes.string(buf, idx.start, idx.startLineEnd);
  }
}
