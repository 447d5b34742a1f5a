package io.isthmus.app.config;

import java.time.Duration;

/** Durations written the way the config reads them: {@code 500ms}, {@code 2s}, {@code 5m}. */
final class Durations {
  private Durations() {}

  /** The largest whole unit that represents {@code d} exactly. */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
