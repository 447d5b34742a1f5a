package io.isthmus.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Static accessors for the RTP fixed header (RFC 3550 §5.1) over {@code (ByteBuf, offset)} or
 * {@code (byte[], offset)}: no object per packet. Offsets are absolute (ByteBuf getters, not the
 * reader index). Callers check {@link #isValid} once before reading fields.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  defined by profile (X=1)     |     length (32-bit words)     |
 * |                  header extension (RFC 3550 §5.3.1)           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class RtpHeader {

  /** Size of the fixed header without CSRCs or extension. */
  public static final int FIXED_LENGTH = 12;

  /** The only RTP version in use (RFC 3550 §5.1). */
  public static final int VERSION = 2;

  private RtpHeader() {}

  // ---- over ByteBuf -------------------------------------------------------------------------

  public static int version(ByteBuf b, int off) {
    return b.getUnsignedByte(off) >>> 6;
  }

  public static boolean hasPadding(ByteBuf b, int off) {
    return (b.getByte(off) & 0x20) != 0;
  }

  public static boolean hasExtension(ByteBuf b, int off) {
    return (b.getByte(off) & 0x10) != 0;
  }

  public static int csrcCount(ByteBuf b, int off) {
    return b.getByte(off) & 0x0F;
  }

  public static boolean marker(ByteBuf b, int off) {
    return (b.getByte(off + 1) & 0x80) != 0;
  }

  public static int payloadType(ByteBuf b, int off) {
    return b.getByte(off + 1) & 0x7F;
  }

  public static int sequenceNumber(ByteBuf b, int off) {
    return b.getUnsignedShort(off + 2);
  }

  public static long timestamp(ByteBuf b, int off) {
    return b.getUnsignedInt(off + 4);
  }

  public static long ssrc(ByteBuf b, int off) {
    return b.getUnsignedInt(off + 8);
  }

  /**
   * Length of fixed header + CSRC list + header extension. Only meaningful when the buffer holds
   * that many bytes: check with {@link #isValid}.
   */
  public static int headerLength(ByteBuf b, int off) {
    int length = FIXED_LENGTH + 4 * csrcCount(b, off);
    if (hasExtension(b, off)) {
      length += 4 + 4 * b.getUnsignedShort(off + length + 2);
    }
    return length;
  }

  /** Number of padding octets at the end (RFC 3550 §5.1 P bit: the last octet counts them). */
  public static int paddingLength(ByteBuf b, int off, int len) {
    return hasPadding(b, off) ? b.getUnsignedByte(off + len - 1) : 0;
  }

  /**
   * Whether {@code len} bytes at {@code off} hold a version-2 RTP header whose CSRC list, extension
   * and padding fit: the check to run before any other accessor.
   */
  public static boolean isValid(ByteBuf b, int off, int len) {
    if (len < FIXED_LENGTH || version(b, off) != VERSION) {
      return false;
    }
    int fixedAndCsrc = FIXED_LENGTH + 4 * csrcCount(b, off);
    if (hasExtension(b, off) && fixedAndCsrc + 4 > len) {
      return false;
    }
    int header = headerLength(b, off);
    if (header > len) {
      return false;
    }
    int padding = paddingLength(b, off, len);
    return !hasPadding(b, off) || (padding >= 1 && header + padding <= len);
  }

  /** Sets PT, keeping the marker bit. */
  public static void setPayloadType(ByteBuf b, int off, int payloadType) {
    b.setByte(off + 1, (b.getByte(off + 1) & 0x80) | (payloadType & 0x7F));
  }

  public static void setSequenceNumber(ByteBuf b, int off, int seq) {
    b.setShort(off + 2, seq);
  }

  public static void setTimestamp(ByteBuf b, int off, long timestamp) {
    b.setInt(off + 4, (int) timestamp);
  }

  public static void setSsrc(ByteBuf b, int off, long ssrc) {
    b.setInt(off + 8, (int) ssrc);
  }

  // ---- over byte[] --------------------------------------------------------------------------

  public static int version(byte[] b, int off) {
    return (b[off] & 0xFF) >>> 6;
  }

  public static boolean hasPadding(byte[] b, int off) {
    return (b[off] & 0x20) != 0;
  }

  public static boolean hasExtension(byte[] b, int off) {
    return (b[off] & 0x10) != 0;
  }

  public static int csrcCount(byte[] b, int off) {
    return b[off] & 0x0F;
  }

  public static boolean marker(byte[] b, int off) {
    return (b[off + 1] & 0x80) != 0;
  }

  public static int payloadType(byte[] b, int off) {
    return b[off + 1] & 0x7F;
  }

  public static int sequenceNumber(byte[] b, int off) {
    return ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
  }

  public static long timestamp(byte[] b, int off) {
    return uint32(b, off + 4);
  }

  public static long ssrc(byte[] b, int off) {
    return uint32(b, off + 8);
  }

  /** As {@link #headerLength(ByteBuf, int)}. */
  public static int headerLength(byte[] b, int off) {
    int length = FIXED_LENGTH + 4 * csrcCount(b, off);
    if (hasExtension(b, off)) {
      int words = ((b[off + length + 2] & 0xFF) << 8) | (b[off + length + 3] & 0xFF);
      length += 4 + 4 * words;
    }
    return length;
  }

  /** As {@link #isValid(ByteBuf, int, int)}. */
  public static boolean isValid(byte[] b, int off, int len) {
    if (len < FIXED_LENGTH || off + len > b.length || version(b, off) != VERSION) {
      return false;
    }
    if (hasExtension(b, off) && FIXED_LENGTH + 4 * csrcCount(b, off) + 4 > len) {
      return false;
    }
    int header = headerLength(b, off);
    if (header > len) {
      return false;
    }
    int padding = hasPadding(b, off) ? b[off + len - 1] & 0xFF : 0;
    return !hasPadding(b, off) || (padding >= 1 && header + padding <= len);
  }

  private static long uint32(byte[] b, int i) {
    return ((long) (b[i] & 0xFF) << 24)
        | ((b[i + 1] & 0xFF) << 16)
        | ((b[i + 2] & 0xFF) << 8)
        | (b[i + 3] & 0xFF);
  }
}
