package io.isthmus.hep;

import java.time.Instant;

/** {@link EpochClock#system()}: monotonic time since an anchor, re-anchored every 10 s. */
final class SystemEpochClock implements EpochClock {
  private static final long REANCHOR_NANOS = 10_000_000_000L;

  private record Anchor(long micros, long nanos) {
    static Anchor now() {
      Instant i = Instant.now();
      long nanos = System.nanoTime();
      return new Anchor(i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000, nanos);
    }
  }

  private volatile Anchor anchor = Anchor.now();

  @Override
  public long micros() {
    Anchor a = anchor;
    long now = System.nanoTime();
    long since = now - a.nanos();
    if (since > REANCHOR_NANOS) {
      // one small object every 10 s, on whichever thread reads first
      a = Anchor.now();
      anchor = a;
      since = System.nanoTime() - a.nanos();
    }
    return a.micros() + since / 1_000;
  }
}
