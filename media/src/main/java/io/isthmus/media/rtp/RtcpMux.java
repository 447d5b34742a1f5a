package io.isthmus.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Demultiplexing RTP and RTCP sharing one port (rtcp-mux, RFC 5761 §4): the second octet of an RTCP
 * packet is its packet type (SR=200 ... 223 in practice), which in RTP's view reads as marker bit +
 * payload type 64-95. RTP payload types in that range are therefore forbidden on a muxed session,
 * and the range decides.
 */
public final class RtcpMux {

  private RtcpMux() {}

  /** Whether the packet at {@code off} (at least two bytes) is RTCP on a muxed port. */
  public static boolean isRtcp(ByteBuf b, int off) {
    int payloadType = b.getByte(off + 1) & 0x7F;
    return payloadType >= 64 && payloadType <= 95;
  }

  /** As {@link #isRtcp(ByteBuf, int)} over an array. */
  public static boolean isRtcp(byte[] b, int off) {
    int payloadType = b[off + 1] & 0x7F;
    return payloadType >= 64 && payloadType <= 95;
  }
}
