package io.isthmus.sip.message;

import io.isthmus.sip.SipParseException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Records edits to an immutable message and writes the result: untouched header lines are copied
 * byte for byte as they came (folds and compact names kept), only edited lines are rendered. The
 * original message never changes.
 *
 * <p>Not thread-safe; an editor is used by one thread and thrown away.
 *
 * @param <M> the message type {@link #build()} gives
 * @param <E> this editor's own type, for chaining
 */
public abstract sealed class MessageEditor<M extends SipMessage, E extends MessageEditor<M, E>>
    permits RequestEditor, ResponseEditor {
  final MessageBase original;
  final HeaderLines lines;
  byte[] startLine;
  private byte[] body;

  MessageEditor(MessageBase original) {
    this.original = original;
    this.lines = new HeaderLines(original.buf, original.idx);
  }

  abstract E self();

  /** Puts a Via value on top of the Via stack (RFC 3261 §16.6 step 8). */
  public E pushVia(String value) {
    int first = lines.first(HeaderName.VIA);
    lines.insert(Math.max(first, 0), HeaderName.VIA, value);
    return self();
  }

  /** Removes the topmost Via value (RFC 3261 §16.7 step 3). */
  public E removeTopVia() {
    return removeTop(HeaderName.VIA);
  }

  /** Removes the topmost Route value (RFC 3261 §16.4, §16.12 loose routing). */
  public E removeTopRoute() {
    return removeTop(HeaderName.ROUTE);
  }

  private E removeTop(HeaderName name) {
    int first = lines.first(name);
    if (first < 0) {
      throw new IllegalStateException("no " + name + " to remove");
    }
    lines.removeFirstValue(first, name);
    return self();
  }

  /**
   * Adds Record-Route values above the existing ones (RFC 3261 §16.6 step 4), {@code values[0]}
   * topmost: a proxy that record-routes twice (RFC 5658) passes the outgoing interface first.
   */
  public E addRecordRoutes(String... values) {
    int first = Math.max(lines.first(HeaderName.RECORD_ROUTE), 0);
    for (int i = 0; i < values.length; i++) {
      lines.insert(first + i, HeaderName.RECORD_ROUTE, values[i]);
    }
    return self();
  }

  /** Sets Max-Forwards (RFC 3261 §16.6 step 3), replacing any present. */
  public E maxForwards(int value) {
    if (value < 0 || value > 255) {
      throw new IllegalArgumentException("Max-Forwards outside 0..255: " + value);
    }
    return setHeader(HeaderName.MAX_FORWARDS, Integer.toString(value));
  }

  /** Adds a line {@code name: value} after the last line of that name, or at the end. */
  public E addHeader(HeaderName name, String value) {
    int last = lines.last(name);
    lines.insert(last < 0 ? lines.size() : last + 1, name, value);
    return self();
  }

  /** Replaces every line of {@code name} by one line {@code name: value} where the first was. */
  public E setHeader(HeaderName name, String value) {
    int first = lines.first(name);
    if (first < 0) {
      lines.insert(lines.size(), name, value);
      return self();
    }
    lines.replace(first, name, value);
    for (int i = lines.size() - 1; i > first; i--) {
      if (lines.matches(i, name)) {
        lines.remove(i);
      }
    }
    return self();
  }

  /** Removes every line of {@code name}. */
  public E removeHeader(HeaderName name) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.matches(i, name)) {
        lines.remove(i);
      }
    }
    return self();
  }

  /** Replaces the body and sets Content-Length to its size. */
  public E body(byte[] newBody) {
    this.body = newBody.clone();
    return setHeader(HeaderName.CONTENT_LENGTH, Integer.toString(newBody.length));
  }

  /** Replaces the body, its Content-Type and Content-Length. */
  public E body(String contentType, byte[] newBody) {
    setHeader(HeaderName.CONTENT_TYPE, Objects.requireNonNull(contentType, "contentType"));
    return body(newBody);
  }

  /** The number of bytes the edited message has. */
  public int size() {
    MessageIndex idx = original.idx;
    int start = startLine != null ? startLine.length : idx.startLineEnd + 2 - idx.start;
    int b = body != null ? body.length : idx.bodyEnd - idx.bodyStart;
    return start + lines.byteLength() + 2 + b;
  }

  /**
   * Writes the edited message at {@code dst[off]}.
   *
   * @return the number of bytes written
   */
  public int writeTo(byte[] dst, int off) {
    MessageIndex idx = original.idx;
    byte[] buf = original.buf;
    int p = off;
    if (startLine != null) {
      System.arraycopy(startLine, 0, dst, p, startLine.length);
      p += startLine.length;
    } else {
      int n = idx.startLineEnd + 2 - idx.start;
      System.arraycopy(buf, idx.start, dst, p, n);
      p += n;
    }
    p += lines.writeTo(dst, p);
    dst[p++] = Bytes.CR;
    dst[p++] = Bytes.LF;
    if (body != null) {
      System.arraycopy(body, 0, dst, p, body.length);
      p += body.length;
    } else {
      int n = idx.bodyEnd - idx.bodyStart;
      System.arraycopy(buf, idx.bodyStart, dst, p, n);
      p += n;
    }
    return p - off;
  }

  /** Writes the edited message into {@code dst} at its position, advancing it. */
  public void writeTo(ByteBuffer dst) {
    if (dst.hasArray()) {
      int n = writeTo(dst.array(), dst.arrayOffset() + dst.position());
      dst.position(dst.position() + n);
    } else {
      dst.put(toBytes());
    }
  }

  public byte[] toBytes() {
    byte[] out = new byte[size()];
    writeTo(out, 0);
    return out;
  }

  /** The edited message, parsed anew from the written bytes so that its index is exact. */
  public abstract M build();

  final SipMessage reparse() {
    byte[] bytes = toBytes();
    try {
      return SipParser.parseDatagram(bytes, 0, bytes.length, SipLimits.DEFAULT);
    } catch (SipParseException e) {
      throw new IllegalArgumentException("the edits give an invalid message: " + e.getMessage(), e);
    }
  }
}
