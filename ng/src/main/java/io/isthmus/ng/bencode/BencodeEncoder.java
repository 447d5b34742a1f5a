package io.isthmus.ng.bencode;

import java.nio.ByteBuffer;

/**
 * Encodes {@link BValue}s as bencode (BEP 3), dictionary keys in raw byte order.
 *
 * <p>{@link #encodedLength(BValue)} gives the exact size first, so a reply is written into one
 * buffer of the right size (behind the cookie) with no growing and no second copy.
 */
public final class BencodeEncoder {
  private BencodeEncoder() {}

  /** The exact number of bytes {@link #encode(BValue, byte[], int)} writes for {@code value}. */
  public static int encodedLength(BValue value) {
    return switch (value) {
      case BString s -> decimalLength(s.length()) + 1 + s.length();
      case BInteger i -> decimalLength(i.value()) + 2;
      case BList l -> {
        int n = 2;
        for (int i = 0; i < l.size(); i++) {
          n += encodedLength(l.get(i));
        }
        yield n;
      }
      case BDict d -> {
        int n = 2;
        for (int i = 0; i < d.size(); i++) {
          n += encodedLength(d.key(i)) + encodedLength(d.value(i));
        }
        yield n;
      }
    };
  }

  /** {@code value} as a new array of exactly {@link #encodedLength(BValue)} bytes. */
  public static byte[] encode(BValue value) {
    byte[] out = new byte[encodedLength(value)];
    encode(value, out, 0);
    return out;
  }

  /**
   * Writes {@code value} into {@code out} at {@code off}; returns the offset after the last byte.
   *
   * @throws IndexOutOfBoundsException if {@code out} is too small
   */
  public static int encode(BValue value, byte[] out, int off) {
    return switch (value) {
      case BString s -> {
        int p = writeDecimal(s.length(), out, off);
        out[p++] = ':';
        s.copyTo(out, p);
        yield p + s.length();
      }
      case BInteger i -> {
        out[off] = 'i';
        int p = writeDecimal(i.value(), out, off + 1);
        out[p] = 'e';
        yield p + 1;
      }
      case BList l -> {
        out[off] = 'l';
        int p = off + 1;
        for (int i = 0; i < l.size(); i++) {
          p = encode(l.get(i), out, p);
        }
        out[p] = 'e';
        yield p + 1;
      }
      case BDict d -> {
        out[off] = 'd';
        int p = off + 1;
        for (int i = 0; i < d.size(); i++) {
          int entry = d.sortedIndex(i);
          p = encode(d.key(entry), out, p);
          p = encode(d.value(entry), out, p);
        }
        out[p] = 'e';
        yield p + 1;
      }
    };
  }

  /** Writes {@code value} at the position of {@code out} and advances it. */
  public static void encode(BValue value, ByteBuffer out) {
    if (out.hasArray()) {
      int start = out.arrayOffset() + out.position();
      int needed = encodedLength(value);
      if (needed > out.remaining()) {
        throw new java.nio.BufferOverflowException();
      }
      encode(value, out.array(), start);
      out.position(out.position() + needed);
    } else {
      out.put(encode(value));
    }
  }

  /** Number of characters of {@code v} in decimal, with the sign. */
  static int decimalLength(long v) {
    if (v == Long.MIN_VALUE) {
      return 20;
    }
    int n = 1;
    if (v < 0) {
      n++;
      v = -v;
    }
    while (v >= 10) {
      v /= 10;
      n++;
    }
    return n;
  }

  private static int writeDecimal(long v, byte[] out, int off) {
    int len = decimalLength(v);
    int p = off + len;
    // Work on the negative value so that Long.MIN_VALUE needs no special case.
    long n = v < 0 ? v : -v;
    do {
      out[--p] = (byte) ('0' - (n % 10));
      n /= 10;
    } while (n != 0);
    if (v < 0) {
      out[off] = '-';
    }
    return off + len;
  }
}
