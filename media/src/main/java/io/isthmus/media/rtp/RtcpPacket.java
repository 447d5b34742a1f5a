package io.isthmus.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Static accessors for RTCP (RFC 3550 §6.4) over {@code (ByteBuf, offset)}: the common header of
 * each packet in a compound, the sender info of an SR and the position of its report blocks. Field
 * access to a report block is in {@link ReportBlock}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT=SR=200   |      length (words - 1)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         SSRC of sender                        |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |       NTP timestamp (most, then least significant word)       |  SR only:
 * |                 RTP timestamp, sender's packet count,         |  20 octets of
 * |                      sender's octet count                     |  sender info
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 report block 1 ... RC (24 octets each)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * An RR (PT=201) has the same layout without the sender info: its blocks start at octet 8.
 */
public final class RtcpPacket {

  /** Sender report. */
  public static final int SR = 200;

  /** Receiver report. */
  public static final int RR = 201;

  /** Size of the common header plus SSRC. */
  public static final int HEADER_LENGTH = 8;

  /** Size of SR sender info. */
  public static final int SENDER_INFO_LENGTH = 20;

  private RtcpPacket() {}

  public static int version(ByteBuf b, int off) {
    return b.getUnsignedByte(off) >>> 6;
  }

  public static boolean hasPadding(ByteBuf b, int off) {
    return (b.getByte(off) & 0x20) != 0;
  }

  /** Reception report count (RC), or the subtype for APP/feedback packets. */
  public static int count(ByteBuf b, int off) {
    return b.getByte(off) & 0x1F;
  }

  public static int packetType(ByteBuf b, int off) {
    return b.getUnsignedByte(off + 1);
  }

  /** Length of this packet in octets, header included ({@code (length field + 1) * 4}). */
  public static int packetLength(ByteBuf b, int off) {
    return (b.getUnsignedShort(off + 2) + 1) * 4;
  }

  /** SSRC of the sender of an SR or RR. */
  public static long senderSsrc(ByteBuf b, int off) {
    return b.getUnsignedInt(off + 4);
  }

  /** SR only: the sender's packet count. */
  public static long senderPacketCount(ByteBuf b, int off) {
    return b.getUnsignedInt(off + 20);
  }

  /** SR only: the sender's octet count. */
  public static long senderOctetCount(ByteBuf b, int off) {
    return b.getUnsignedInt(off + 24);
  }

  /** SR only: RTP timestamp matching the NTP timestamp. */
  public static long senderRtpTimestamp(ByteBuf b, int off) {
    return b.getUnsignedInt(off + 16);
  }

  /**
   * Offset of the first report block of the first SR or RR in the compound packet of {@code len}
   * bytes at {@code off}, or -1 when there is none or the compound is malformed (a packet not
   * version 2, or a length running past the datagram). Bounded: one step per packet.
   */
  public static int firstReportBlock(ByteBuf b, int off, int len) {
    int end = off + len;
    int at = off;
    while (end - at >= 4) {
      if (version(b, at) != 2) {
        return -1;
      }
      int packetLength = packetLength(b, at);
      if (packetLength > end - at) {
        return -1;
      }
      int type = packetType(b, at);
      if ((type == SR || type == RR) && count(b, at) > 0) {
        int blocks = at + HEADER_LENGTH + (type == SR ? SENDER_INFO_LENGTH : 0);
        if (blocks + ReportBlock.LENGTH <= at + packetLength) {
          return blocks;
        }
        return -1;
      }
      at += packetLength;
    }
    return -1;
  }
}
