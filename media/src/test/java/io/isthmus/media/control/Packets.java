package io.isthmus.media.control;

/** RTP and RTCP datagrams for end-to-end tests, laid out field by field. */
final class Packets {
  private Packets() {}

  /** RTP (RFC 3550 §5.1): V=2 P=0 X=0 CC=0 M=0, then the payload byte {@code fill} repeated. */
  static byte[] rtp(int pt, int seq, long ts, long ssrc, int payloadLength, int fill) {
    byte[] p = new byte[12 + payloadLength];
    p[0] = (byte) 0x80; // V=2 P=0 X=0 CC=0
    p[1] = (byte) pt; // M=0 PT
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    putInt(p, 4, ts);
    putInt(p, 8, ssrc);
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) (fill + i);
    }
    return p;
  }

  /**
   * RTCP RR (RFC 3550 §6.4.2) with one report block: V=2 P=0 RC=1 PT=201 length=7, sender SSRC,
   * then SSRC of source, fraction lost, cumulative lost (24 bits), highest seq, jitter, LSR, DLSR.
   */
  static byte[] receiverReport(long sender, long source, int fraction, int lost, long jitter) {
    byte[] p = new byte[32];
    p[0] = (byte) 0x81; // V=2 P=0 RC=1
    p[1] = (byte) 201; // RR
    p[3] = 7; // length in 32-bit words minus one
    putInt(p, 4, sender);
    putInt(p, 8, source);
    p[12] = (byte) fraction;
    p[13] = (byte) (lost >> 16);
    p[14] = (byte) (lost >> 8);
    p[15] = (byte) lost;
    putInt(p, 16, 1000); // extended highest sequence number received
    putInt(p, 20, jitter);
    return p; // LSR and DLSR zero: no SR received yet
  }

  private static void putInt(byte[] p, int at, long v) {
    p[at] = (byte) (v >> 24);
    p[at + 1] = (byte) (v >> 16);
    p[at + 2] = (byte) (v >> 8);
    p[at + 3] = (byte) v;
  }
}
