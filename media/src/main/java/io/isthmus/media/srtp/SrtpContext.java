package io.isthmus.media.srtp;

/**
 * One direction of SRTP and SRTCP for one media stream under one SDES master key (RFC 3711 §3.2):
 * either what a party sends to the relay ({@link #unprotectRtp}, {@link #unprotectRtcp}) or what
 * the relay sends to a party ({@link #protectRtp}, {@link #protectRtcp}). Packets are transformed
 * in place in a caller's array; nothing is allocated per packet. Owned by the call's event loop.
 *
 * <pre>
 * SRTP  (§3.1): | RTP header | payload (encrypted) | [MKI] | auth tag (10 or 4) |
 *               |<------- authenticated, + ROC ---->|
 * SRTCP (§3.4): | header, sender SSRC | rest (encrypted) |E| SRTCP index | [MKI] | tag (10) |
 *               |<------------------ authenticated -------------------->|
 * </pre>
 *
 * Unprotect results below zero say why a packet was refused: {@link #MALFORMED}, {@link #REPLAYED}
 * (replay window, §3.3.2) or {@link #FORGED} (tag mismatch); each is counted.
 */
public final class SrtpContext {
  /** Not an SRTP/SRTCP packet of this context's shape (too short, not RTP version 2). */
  public static final int MALFORMED = -1;

  /** Seen before, or too old for the 64-packet replay window. */
  public static final int REPLAYED = -2;

  /** The authentication tag does not match. */
  public static final int FORGED = -3;

  /** Bytes SRTP protection adds to an RTP packet at most (80-bit tag). */
  public static final int RTP_OVERHEAD = 10;

  /** Bytes SRTCP protection adds (E flag and index, 80-bit tag). */
  public static final int RTCP_OVERHEAD = 4 + SrtpSuite.SRTCP_TAG_LENGTH;

  private final SrtpSuite suite;
  private final MasterKey key;
  private final int mkiLength;
  private final SessionKeys rtp;
  private final SessionKeys rtcp;
  private final SsrcTable rtpStates = new SsrcTable();
  private final SsrcTable rtcpStates = new SsrcTable();
  private final byte[] mac = new byte[HmacSha1.LENGTH];

  private long malformed;
  private long replayed;
  private long forged;

  private SrtpContext(MasterKey key, int mkiLength) {
    this.suite = key.suite();
    this.key = key;
    this.mkiLength = mkiLength;
    this.rtp = SessionKeys.derive(key, SessionKeys.SRTP_ENCRYPTION);
    this.rtcp = SessionKeys.derive(key, SessionKeys.SRTCP_ENCRYPTION);
  }

  /** A context for packets the relay sends, under its own key (no MKI). */
  public static SrtpContext sender(MasterKey key) {
    return new SrtpContext(key, 0);
  }

  /**
   * A context for packets a party sends under its key.
   *
   * @param mkiLength the length of the MKI field its packets carry ({@code |n:len} of its {@code
   *     a=crypto} key parameters), 0 for none
   */
  public static SrtpContext receiver(MasterKey key, int mkiLength) {
    if (mkiLength < 0 || mkiLength > 128) {
      throw new IllegalArgumentException("MKI length out of range: " + mkiLength);
    }
    return new SrtpContext(key, mkiLength);
  }

  public SrtpSuite suite() {
    return suite;
  }

  /**
   * Encrypts and authenticates the RTP packet at {@code p[off, off+len)} in place.
   *
   * @return the SRTP length ({@code len} + the tag); {@code p} needs room for it
   */
  public int protectRtp(byte[] p, int off, int len) {
    int header = RtpLayout.headerLength(p, off, len);
    if (header < 0) {
      malformed++;
      return MALFORMED;
    }
    long ssrc = u32(p, off + 8);
    int seq = u16(p, off + 2);
    SsrcState st = rtpStates.get(ssrc);
    long index = st.estimateIndex(seq);
    if (index < 0) {
      index = seq; // older than the first packet sent, before any rollover
    }
    st.advance(index);
    rtp.transform(p, off + header, len - header, ssrc, index);
    int tag = suite.srtpTagLength();
    sign(rtp, p, off, len, index >>> 16, true);
    System.arraycopy(mac, 0, p, off + len, tag);
    return len + tag;
  }

  /**
   * Verifies and decrypts the SRTP packet at {@code p[off, off+len)} in place.
   *
   * @return the RTP length, or {@link #MALFORMED}, {@link #REPLAYED}, {@link #FORGED}
   */
  public int unprotectRtp(byte[] p, int off, int len) {
    int tag = suite.srtpTagLength();
    int authenticated = len - tag - mkiLength;
    int header = RtpLayout.headerLength(p, off, authenticated);
    if (header < 0) {
      malformed++;
      return MALFORMED;
    }
    long ssrc = u32(p, off + 8);
    int seq = u16(p, off + 2);
    SsrcState st = rtpStates.findOrProbe(ssrc);
    long index = st.estimateIndex(seq);
    if (index < 0 || !st.fresh(index)) {
      replayed++;
      return REPLAYED;
    }
    sign(rtp, p, off, authenticated, index >>> 16, true);
    if (!matches(p, off + len - tag, tag)) {
      forged++;
      return FORGED;
    }
    rtp.transform(p, off + header, authenticated - header, ssrc, index);
    st.advance(index);
    st.accept(index);
    rtpStates.install(st);
    return authenticated;
  }

  /**
   * Encrypts and authenticates the RTCP compound packet at {@code p[off, off+len)} in place with
   * the next SRTCP index of its sender SSRC (E flag set).
   *
   * @return the SRTCP length ({@code len} + {@link #RTCP_OVERHEAD}); {@code p} needs room for it
   */
  public int protectRtcp(byte[] p, int off, int len) {
    if (len < 8 || (p[off] & 0xC0) != 0x80) {
      malformed++;
      return MALFORMED;
    }
    long ssrc = u32(p, off + 4);
    SsrcState st = rtcpStates.get(ssrc);
    long index = st.srtcpIndex;
    st.srtcpIndex = (index + 1) & 0x7FFF_FFFFL;
    rtcp.transform(p, off + 8, len - 8, ssrc, index);
    putU32(p, off + len, 0x8000_0000L | index);
    sign(rtcp, p, off, len + 4, 0, false);
    System.arraycopy(mac, 0, p, off + len + 4, SrtpSuite.SRTCP_TAG_LENGTH);
    return len + RTCP_OVERHEAD;
  }

  /**
   * Verifies and (if its E flag says so) decrypts the SRTCP packet at {@code p[off, off+len)}.
   *
   * @return the RTCP length, or {@link #MALFORMED}, {@link #REPLAYED}, {@link #FORGED}
   */
  public int unprotectRtcp(byte[] p, int off, int len) {
    int tag = SrtpSuite.SRTCP_TAG_LENGTH;
    int authenticated = len - tag - mkiLength;
    if (authenticated < 12 || (p[off] & 0xC0) != 0x80) {
      malformed++;
      return MALFORMED;
    }
    long word = u32(p, off + authenticated - 4);
    long index = word & 0x7FFF_FFFFL;
    long ssrc = u32(p, off + 4);
    SsrcState st = rtcpStates.findOrProbe(ssrc);
    if (!st.fresh(index)) {
      replayed++;
      return REPLAYED;
    }
    sign(rtcp, p, off, authenticated, 0, false);
    if (!matches(p, off + len - tag, tag)) {
      forged++;
      return FORGED;
    }
    int plain = authenticated - 4;
    if ((word & 0x8000_0000L) != 0) {
      rtcp.transform(p, off + 8, plain - 8, ssrc, index);
    }
    st.accept(index);
    rtcpStates.install(st);
    return plain;
  }

  /** The master key this context was made from (for replication: the key goes to the standby). */
  public MasterKey masterKey() {
    return key;
  }

  /** The MKI length of a receiver's packets (0 for a sender). */
  public int mkiLength() {
    return mkiLength;
  }

  /** Receives the per-SSRC state of a context ({@link #exportStates}), off the packet path. */
  @FunctionalInterface
  public interface SsrcStateSink {
    void state(boolean rtcp, long ssrc, long roc, int highestSeq, long maxIndex, long srtcpIndex);
  }

  /**
   * Hands every known SSRC's rollover counter, s_l, replay maximum and SRTCP index to {@code sink}.
   */
  public void exportStates(SsrcStateSink sink) {
    rtpStates.forEach(
        s -> sink.state(false, s.ssrc, s.roc, s.highestSeq, s.maxIndex, s.srtcpIndex));
    rtcpStates.forEach(
        s -> sink.state(true, s.ssrc, s.roc, s.highestSeq, s.maxIndex, s.srtcpIndex));
  }

  /**
   * Restores one SSRC's state exported by another process (a standby taking over): packets at or
   * below {@code maxIndex} count as replayed, later ones are estimated from {@code roc} and {@code
   * highestSeq}.
   */
  public void restoreState(
      boolean rtcp, long ssrc, long roc, int highestSeq, long maxIndex, long srtcpIndex) {
    SsrcState s = (rtcp ? rtcpStates : rtpStates).get(ssrc);
    s.started = true;
    s.roc = roc;
    s.highestSeq = highestSeq;
    s.maxIndex = maxIndex;
    s.window = maxIndex < 0 ? 0 : -1L;
    s.srtcpIndex = srtcpIndex;
  }

  /** Packets refused as malformed, replayed and forged, in that order. */
  public long[] failures() {
    return new long[] {malformed, replayed, forged};
  }

  private void sign(SessionKeys keys, byte[] p, int off, int len, long roc, boolean withRoc) {
    HmacSha1 h = keys.auth;
    h.start();
    h.update(p, off, len);
    if (withRoc) {
      h.updateInt(roc); // SRTP authenticates the ROC after the packet (§4.2)
    }
    h.finish(mac, 0);
  }

  /** Constant-time comparison of the received tag with the computed MAC's first bytes. */
  private boolean matches(byte[] p, int at, int tag) {
    int diff = 0;
    for (int i = 0; i < tag; i++) {
      diff |= p[at + i] ^ mac[i];
    }
    return diff == 0;
  }

  private static int u16(byte[] p, int at) {
    return ((p[at] & 0xFF) << 8) | (p[at + 1] & 0xFF);
  }

  private static long u32(byte[] p, int at) {
    return ((long) (p[at] & 0xFF) << 24)
        | ((p[at + 1] & 0xFF) << 16)
        | ((p[at + 2] & 0xFF) << 8)
        | (p[at + 3] & 0xFF);
  }

  private static void putU32(byte[] p, int at, long v) {
    p[at] = (byte) (v >>> 24);
    p[at + 1] = (byte) (v >>> 16);
    p[at + 2] = (byte) (v >>> 8);
    p[at + 3] = (byte) v;
  }
}
