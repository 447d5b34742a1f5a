package io.isthmus.media.relay;

import java.nio.ByteBuffer;

/** RTCP datagrams the socket tests send (RFC 3550 §6.4.1). */
final class RtcpFixtures {

  private RtcpFixtures() {}

  /** An SR without report blocks (RC=0): 28 bytes. */
  static byte[] senderReport(long ssrc) {
    return ByteBuffer.allocate(28)
        .put((byte) 0x80) // V=2 P=0 RC=0
        .put((byte) 200) // PT=SR
        .putShort((short) 6) // length: 7 words - 1
        .putInt((int) ssrc)
        .putLong(0xE800_0000_0000_0000L) // NTP timestamp
        .putInt(8000) // RTP timestamp
        .putInt(50) // sender's packet count
        .putInt(8000) // sender's octet count
        .array();
  }
}
