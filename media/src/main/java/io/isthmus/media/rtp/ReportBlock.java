package io.isthmus.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Static accessors for one RTCP reception report block (RFC 3550 §6.4.1) at an absolute offset, as
 * found by {@link RtcpPacket#firstReportBlock}.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 SSRC_n (source this block is about)           |  +0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |  +4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |  +8
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |  +12
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |  +16
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |  +20
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class ReportBlock {

  /** Octets per block. */
  public static final int LENGTH = 24;

  private ReportBlock() {}

  public static long ssrc(ByteBuf b, int block) {
    return b.getUnsignedInt(block);
  }

  /** Fraction lost since the previous report, in 1/256 units (0..255). */
  public static int fractionLost(ByteBuf b, int block) {
    return b.getUnsignedByte(block + 4);
  }

  /**
   * Cumulative packets lost: a signed 24-bit value (duplicates can make it negative, RFC 3550
   * §6.4.1).
   */
  public static int cumulativeLost(ByteBuf b, int block) {
    return b.getMedium(block + 5);
  }

  public static long extendedHighestSequence(ByteBuf b, int block) {
    return b.getUnsignedInt(block + 8);
  }

  /** Interarrival jitter in timestamp units. */
  public static long jitter(ByteBuf b, int block) {
    return b.getUnsignedInt(block + 12);
  }

  public static long lastSr(ByteBuf b, int block) {
    return b.getUnsignedInt(block + 16);
  }

  /** Delay since last SR in 1/65536 seconds. */
  public static long delaySinceLastSr(ByteBuf b, int block) {
    return b.getUnsignedInt(block + 20);
  }
}
