package io.isthmus.hep;

/**
 * Which calls are captured: a fraction of Call-IDs, decided from the Call-ID alone, so every
 * message and report of one call is in or out together (Homer shows whole calls) and every process
 * that sees the call decides alike.
 */
public final class Sampling {
  private static final int SCALE = 1 << 20;

  private final int threshold;

  private Sampling(int threshold) {
    this.threshold = threshold;
  }

  /** Captures {@code rate} of the calls, 0.0 to 1.0. */
  public static Sampling of(double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("sampling rate must be within 0..1: " + rate);
    }
    return new Sampling((int) Math.round(rate * SCALE));
  }

  /** Whether the call with this Call-ID is captured. No allocation (String caches its hash). */
  public boolean sampled(String callId) {
    if (threshold >= SCALE) {
      return true;
    }
    if (threshold <= 0) {
      return false;
    }
    // The loops pick a call's thread by callId.hashCode() % n: mix the bits first so the captured
    // calls are not all those of one loop.
    int h = callId.hashCode() * 0x9E3779B9;
    h ^= h >>> 16;
    return (h & (SCALE - 1)) < threshold;
  }

  /** The configured rate. */
  public double rate() {
    return (double) threshold / SCALE;
  }
}
