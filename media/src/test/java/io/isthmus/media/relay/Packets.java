package io.isthmus.media.relay;

import java.nio.ByteBuffer;

/** Builds RTP and RTCP datagrams for the socket tests (layouts: RFC 3550 §5.1, §6.4). */
final class Packets {

  private Packets() {}

  /** V=2 P=0 X=0 CC=0 M=0, the given PT/seq/timestamp/SSRC, then {@code payload}. */
  static byte[] rtp(int payloadType, int seq, long timestamp, long ssrc, byte[] payload) {
    return ByteBuffer.allocate(12 + payload.length)
        .put((byte) 0x80)
        .put((byte) payloadType)
        .putShort((short) seq)
        .putInt((int) timestamp)
        .putInt((int) ssrc)
        .put(payload)
        .array();
  }

  /** A payload of {@code length} bytes with a recognisable pattern. */
  static byte[] pattern(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed + 31 * i);
    }
    return b;
  }

  /** An RR from {@code reporter} with one block about {@code source}. */
  static byte[] receiverReport(
      long reporter, long source, int fractionLost, int cumulativeLost, long jitter) {
    return ByteBuffer.allocate(32)
        .put((byte) 0x81) // V=2 P=0 RC=1
        .put((byte) 201) // PT=RR
        .putShort((short) 7) // length: 8 words - 1
        .putInt((int) reporter)
        .putInt((int) source)
        .putInt((fractionLost << 24) | (cumulativeLost & 0xFFFFFF))
        .putInt(0x0001_0000) // extended highest sequence
        .putInt((int) jitter)
        .putInt(0) // LSR
        .putInt(0) // DLSR
        .array();
  }
}
