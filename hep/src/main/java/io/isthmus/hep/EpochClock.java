package io.isthmus.hep;

/**
 * Wall-clock time in microseconds since 1970, for HEP timestamps. Not a {@code java.time.Instant}
 * per packet: {@link #system()} reads {@code System.nanoTime()} against an anchor that is taken
 * again every few seconds, so it follows steps of the wall clock without an object per reading.
 */
@FunctionalInterface
public interface EpochClock {

  /** Microseconds since 1970-01-01T00:00:00Z. */
  long micros();

  /** The system's wall clock. */
  static EpochClock system() {
    return new SystemEpochClock();
  }
}
