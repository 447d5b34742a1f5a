package io.isthmus.media.srtp;

/**
 * One direction of SRTP and SRTCP for one media stream under one SDES master key (RFC 3711 §3.2):
 * either what a party sends to the relay ({@link #unprotectRtp}, {@link #unprotectRtcp}) or what
 * the relay sends to a party ({@link #protectRtp}, {@link #protectRtcp}). Packets are transformed
 * in place in a caller's array; nothing is allocated per packet, with the AEAD suites too (their
 * GCM is our own, {@link AesGcm}, over one AES/ECB cipher per key). Owned by the call's event loop.
 *
 * <pre>
 * SRTP  (§3.1): | RTP header | payload (encrypted) | [MKI] | auth tag (10 or 4) |
 *               |<------- authenticated, + ROC ---->|
 * SRTCP (§3.4): | header, sender SSRC | rest (encrypted) |E| SRTCP index | [MKI] | tag (10) |
 *               |<------------------ authenticated -------------------->|
 * GCM SRTP  (RFC 7714 §8):  | RTP header (AAD) | payload (encrypted) | tag (16) | [MKI] |
 * GCM SRTCP (RFC 7714 §9):  | header, SSRC (AAD) | rest (encrypted) | tag (16) | E, index (AAD) |
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

  /** Bytes SRTP protection adds to an RTP packet at most (GCM's 128-bit tag). */
  public static final int RTP_OVERHEAD = SrtpSuite.MAX_RTP_OVERHEAD;

  /** Bytes SRTCP protection adds at most (E flag and index, GCM's 128-bit tag). */
  public static final int RTCP_OVERHEAD = SrtpSuite.MAX_RTCP_OVERHEAD;

  private final SrtpSuite suite;
  private final MasterKey key;
  private final int mkiLength;
  private final SessionKeys rtp;
  private final SessionKeys rtcp;
  private final SsrcTable rtpStates = new SsrcTable();
  private final SsrcTable rtcpStates = new SsrcTable();
  private final byte[] mac = new byte[HmacSha1.LENGTH];
  private final byte[] word = new byte[4];

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
    if (suite.aead()) {
      // RFC 7714 §8.2: the header is the AAD, the payload is encrypted, the tag follows it.
      return header
          + rtp.gcm(
              true,
              p,
              off,
              header,
              null,
              off + header,
              len - header,
              ssrc,
              index >>> 16,
              seq,
              0,
              false);
    }
    rtp.rtp(p, off, header, len, ssrc, index);
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
    if (suite.aead()) {
      // The MKI, if any, follows the ciphertext and its tag.
      int plain =
          rtp.gcm(
              false,
              p,
              off,
              header,
              null,
              off + header,
              authenticated + tag - header,
              ssrc,
              index >>> 16,
              seq,
              0,
              false);
      if (plain < 0) {
        forged++;
        return FORGED;
      }
    } else {
      sign(rtp, p, off, authenticated, index >>> 16, true);
      if (!matches(p, off + len - tag, tag)) {
        forged++;
        return FORGED;
      }
      rtp.rtp(p, off, header, authenticated, ssrc, index);
    }
    st.advance(index);
    st.accept(index);
    rtpStates.install(st);
    return authenticated;
  }

  /**
   * Encrypts and authenticates the RTCP compound packet at {@code p[off, off+len)} in place with
   * the next SRTCP index of its sender SSRC (E flag set).
   *
   * @return the SRTCP length ({@code len} + the index word + the tag); {@code p} needs room for it
   *     ({@link #RTCP_OVERHEAD} at most)
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
    int tag = suite.srtcpTagLength();
    if (suite.aead()) {
      // RFC 7714 §9: | header, SSRC (AAD) | ciphertext | tag | E + index (AAD) |
      putU32(word, 0, 0x8000_0000L | index);
      int sealed = rtcp.gcm(true, p, off, 8, word, off + 8, len - 8, ssrc, 0, 0, index, true);
      System.arraycopy(word, 0, p, off + 8 + sealed, 4);
      return 8 + sealed + 4;
    }
    rtcp.rtcp(p, off, len, ssrc, index);
    putU32(p, off + len, 0x8000_0000L | index);
    sign(rtcp, p, off, len + 4, 0, false);
    System.arraycopy(mac, 0, p, off + len + 4, tag);
    return len + 4 + tag;
  }

  /**
   * Verifies and (if its E flag says so) decrypts the SRTCP packet at {@code p[off, off+len)}.
   *
   * @return the RTCP length, or {@link #MALFORMED}, {@link #REPLAYED}, {@link #FORGED}
   */
  public int unprotectRtcp(byte[] p, int off, int len) {
    int tag = suite.srtcpTagLength();
    int authenticated = len - tag - mkiLength;
    if (authenticated < 12 || (p[off] & 0xC0) != 0x80) {
      malformed++;
      return MALFORMED;
    }
    if (suite.aead()) {
      return unprotectRtcpGcm(p, off, len - mkiLength);
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
      rtcp.rtcp(p, off, plain, ssrc, index);
    }
    st.accept(index);
    rtcpStates.install(st);
    return plain;
  }

  /** SRTCP with GCM: the index word ends the packet (before any MKI), the tag precedes it. */
  private int unprotectRtcpGcm(byte[] p, int off, int end) {
    int tag = suite.srtcpTagLength();
    if (end < 8 + tag + 4) {
      malformed++;
      return MALFORMED;
    }
    System.arraycopy(p, off + end - 4, word, 0, 4);
    long w = u32(word, 0);
    long index = w & 0x7FFF_FFFFL;
    long ssrc = u32(p, off + 4);
    SsrcState st = rtcpStates.findOrProbe(ssrc);
    if (!st.fresh(index)) {
      replayed++;
      return REPLAYED;
    }
    int body = end - 4 - 8; // ciphertext and tag
    int plain;
    if ((w & 0x8000_0000L) != 0) {
      plain = rtcp.gcm(false, p, off, 8, word, off + 8, body, ssrc, 0, 0, index, true);
    } else {
      // Unencrypted SRTCP: everything but the tag is AAD (RFC 7714 §9.3).
      int clear = body - tag;
      plain =
          rtcp.gcm(false, p, off, 8 + clear, word, off + 8 + clear, tag, ssrc, 0, 0, index, true);
      plain = plain < 0 ? plain : clear;
    }
    if (plain < 0) {
      forged++;
      return FORGED;
    }
    st.accept(index);
    rtcpStates.install(st);
    return 8 + plain;
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
