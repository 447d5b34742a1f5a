package io.isthmus.media.time;

/**
 * A monotonic nanosecond time source, injected wherever the relay needs the time (latching windows,
 * timeouts, last-packet stamps) so those rules run deterministically under a fake clock in tests.
 *
 * <p>Only differences between two readings are meaningful, as with {@link System#nanoTime()};
 * compare with {@code a - b < 0}, never {@code a < b}.
 */
@FunctionalInterface
public interface Clock {

  /** The current time in nanoseconds on an arbitrary, monotonic origin. */
  long nanos();

  /** The production clock: {@link System#nanoTime()}. */
  static Clock system() {
    return System::nanoTime;
  }
}
