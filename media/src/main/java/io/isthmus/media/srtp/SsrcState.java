package io.isthmus.media.srtp;

/**
 * The per-SSRC part of a crypto context (RFC 3711 §3.2.1): rollover counter, highest sequence
 * number, the replay window (§3.3.2, 64 packets) and the SRTCP index. The same estimation is used
 * for sending (packets the relay forwards may arrive reordered) and receiving.
 */
final class SsrcState {
  static final int WINDOW = 64;

  long ssrc;
  long lastUsed;
  boolean started;

  /** Rollover counter and highest sequence number s_l. */
  long roc;

  int highestSeq;

  /** Replay window: the highest authenticated index and a bitmask of it and the 63 below. */
  long maxIndex = -1;

  long window;

  /** Next SRTCP index to send (31 bits). */
  long srtcpIndex;

  void reset(long ssrc) {
    this.ssrc = ssrc;
    started = false;
    roc = 0;
    highestSeq = 0;
    maxIndex = -1;
    window = 0;
    srtcpIndex = 0;
  }

  /**
   * The 48-bit packet index of sequence number {@code seq} (RFC 3711 §3.3.1, Appendix A); -1 for a
   * packet from before a rollover counter of 0. Does not update the state.
   */
  long estimateIndex(int seq) {
    if (!started) {
      return seq; // s_l starts at the first sequence number, ROC at 0
    }
    long v;
    if (highestSeq < 32768) {
      v = seq - highestSeq > 32768 ? roc - 1 : roc;
    } else {
      v = highestSeq - 32768 > seq ? roc + 1 : roc;
    }
    if (v < 0) {
      return -1;
    }
    return ((v & 0xFFFF_FFFFL) << 16) | seq;
  }

  /** Advances ROC and s_l for a packet with this index (after it was authenticated, §3.3.1). */
  void advance(long index) {
    long v = index >>> 16;
    int seq = (int) (index & 0xFFFF);
    if (!started) {
      started = true;
      roc = v;
      highestSeq = seq;
    } else if (v > roc) {
      roc = v;
      highestSeq = seq;
    } else if (v == roc && seq > highestSeq) {
      highestSeq = seq;
    }
  }

  /** Whether {@code index} is new: above the window, or inside it and not yet seen (§3.3.2). */
  boolean fresh(long index) {
    if (index > maxIndex) {
      return true;
    }
    long delta = maxIndex - index;
    return delta < WINDOW && (window & (1L << delta)) == 0;
  }

  /** Records an authenticated index in the replay window. */
  void accept(long index) {
    if (index > maxIndex) {
      long shift = index - maxIndex;
      window = maxIndex < 0 || shift >= WINDOW ? 1L : (window << shift) | 1L;
      maxIndex = index;
    } else {
      window |= 1L << (maxIndex - index);
    }
  }
}
