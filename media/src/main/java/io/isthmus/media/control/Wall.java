package io.isthmus.media.control;

import io.isthmus.common.time.Clock;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Wall time for replies: rtpengine reports {@code created}, {@code last signal} and {@code last
 * packet} in epoch seconds, while the engine keeps monotonic nanoseconds. This converts at the
 * moment of a reply (an event that happened {@code d} ns before now on the relay clock happened
 * {@code d} ns before the wall time now).
 */
final class Wall {
  private final InstantSource wall;
  private final Clock clock;

  Wall(InstantSource wall, Clock clock) {
    this.wall = wall;
    this.clock = clock;
  }

  long epochMicros() {
    Instant now = wall.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Epoch seconds of relay-clock time {@code nanos}, given that {@code nowNanos} is now. */
  long epochSeconds(long nanos, long nowNanos) {
    return Math.floorDiv(epochMicros() - (nowNanos - nanos) / 1_000, 1_000_000L);
  }

  long nanos() {
    return clock.nanos();
  }
}
