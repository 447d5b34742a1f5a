package io.isthmus.media.srtp;

/**
 * The per-SSRC states of one crypto context, for the few sources one m-line carries. A state is
 * created on a new SSRC (the only allocation, once per source); when the table is full the least
 * recently used one is recycled. A receiver installs a new source only after its first packet
 * authenticated, so forged packets with random SSRCs cannot evict real sources.
 */
final class SsrcTable {
  private static final int CAPACITY = 8;

  private final SsrcState[] states = new SsrcState[CAPACITY];
  private final SsrcState probe = new SsrcState();
  private int size;
  private long tick;

  /** The state of {@code ssrc}, or null if unknown. */
  SsrcState find(long ssrc) {
    for (int i = 0; i < size; i++) {
      SsrcState s = states[i];
      if (s.ssrc == ssrc) {
        s.lastUsed = ++tick;
        return s;
      }
    }
    return null;
  }

  /**
   * The state of {@code ssrc}, or a reset scratch state to {@link #install} once it proves good.
   */
  SsrcState findOrProbe(long ssrc) {
    SsrcState s = find(ssrc);
    if (s != null) {
      return s;
    }
    probe.reset(ssrc);
    return probe;
  }

  /** The state of {@code ssrc}, created when new. */
  SsrcState get(long ssrc) {
    SsrcState s = find(ssrc);
    if (s != null) {
      return s;
    }
    s = slot();
    s.reset(ssrc);
    s.lastUsed = ++tick;
    return s;
  }

  /** Keeps the probe's state for its SSRC (a no-op for a state already in the table). */
  void install(SsrcState s) {
    if (s != probe) {
      return;
    }
    SsrcState kept = slot();
    kept.ssrc = probe.ssrc;
    kept.started = probe.started;
    kept.roc = probe.roc;
    kept.highestSeq = probe.highestSeq;
    kept.maxIndex = probe.maxIndex;
    kept.window = probe.window;
    kept.srtcpIndex = probe.srtcpIndex;
    kept.lastUsed = ++tick;
  }

  /** Every state in the table (not the probe), off the packet path. */
  void forEach(java.util.function.Consumer<SsrcState> action) {
    for (int i = 0; i < size; i++) {
      action.accept(states[i]);
    }
  }

  private SsrcState slot() {
    if (size < CAPACITY) {
      SsrcState s = new SsrcState();
      states[size++] = s;
      return s;
    }
    SsrcState oldest = states[0];
    for (int i = 1; i < size; i++) {
      if (states[i].lastUsed < oldest.lastUsed) {
        oldest = states[i];
      }
    }
    return oldest;
  }
}
