package io.isthmus.ng.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bencode byte string ({@code 4:ping}): a view of {@code length} bytes at {@code offset} of a
 * buffer, so decoding copies nothing. Equality and hash code are by content; the hash code of an
 * ASCII string equals {@link String#hashCode()} of the same text, which lets {@link BDict} look up
 * a {@code String} key without encoding it.
 */
public final class BString implements BValue, Comparable<BString> {
  private static final BString EMPTY = new BString(new byte[0], 0, 0);

  private final byte[] buf;
  private final int offset;
  private final int length;
  private int hash; // 0 = not computed yet; racy single-check caching as in java.lang.String

  private BString(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.offset = offset;
    this.length = length;
  }

  /** A view of {@code length} bytes of {@code buf} at {@code offset}; the bytes are not copied. */
  public static BString view(byte[] buf, int offset, int length) {
    if (offset < 0 || length < 0 || offset > buf.length - length) {
      throw new IndexOutOfBoundsException(
          "view " + offset + "+" + length + " outside a buffer of " + buf.length);
    }
    return length == 0 ? EMPTY : new BString(buf, offset, length);
  }

  /** The UTF-8 bytes of {@code text}. */
  public static BString of(String text) {
    return wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of {@code bytes}. */
  public static BString copyOf(byte[] bytes) {
    return wrap(bytes.clone());
  }

  /** Takes ownership of {@code bytes}: the caller must not change them afterwards. */
  public static BString wrap(byte[] bytes) {
    return view(bytes, 0, bytes.length);
  }

  /** Number of bytes. */
  public int length() {
    return length;
  }

  /** The byte at {@code index} (0-based), as an unsigned value 0..255. */
  public int byteAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return buf[offset + index] & 0xff;
  }

  /** The content decoded as UTF-8 (malformed sequences become U+FFFD). */
  public String asString() {
    return new String(buf, offset, length, StandardCharsets.UTF_8);
  }

  /** A copy of the content. */
  public byte[] asBytes() {
    return Arrays.copyOfRange(buf, offset, offset + length);
  }

  /** Copies the content into {@code dst} at {@code dstOffset}. */
  public void copyTo(byte[] dst, int dstOffset) {
    System.arraycopy(buf, offset, dst, dstOffset, length);
  }

  /**
   * True if the content is the UTF-8 encoding of {@code text}; allocates nothing when {@code text}
   * is ASCII (all NG keys and most values are).
   */
  public boolean contentEquals(String text) {
    int n = text.length();
    if (n > length) {
      return false; // every char takes at least one byte
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return equalsBytes(text.getBytes(StandardCharsets.UTF_8));
      }
      if (buf[offset + i] != (byte) c) {
        return false;
      }
    }
    return n == length;
  }

  private boolean equalsBytes(byte[] other) {
    return Arrays.equals(buf, offset, offset + length, other, 0, other.length);
  }

  @Override
  public String typeName() {
    return "a string";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BString s
        && s.length == length
        && Arrays.equals(buf, offset, offset + length, s.buf, s.offset, s.offset + s.length);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      for (int i = offset, end = offset + length; i < end; i++) {
        h = 31 * h + (buf[i] & 0xff);
      }
      hash = h;
    }
    return h;
  }

  /** Orders by unsigned bytes, the order bencode requires for dictionary keys (BEP 3). */
  @Override
  public int compareTo(BString o) {
    return Arrays.compareUnsigned(
        buf, offset, offset + length, o.buf, o.offset, o.offset + o.length);
  }

  /** The content as UTF-8 text (for logs and test output). */
  @Override
  public String toString() {
    return asString();
  }
}
