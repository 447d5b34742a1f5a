package io.isthmus.interop.proxy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Polling with a deadline: the tests wait for what other processes do, never for a fixed time. */
final class Poll {
  private static final long INTERVAL_MS = 20;

  private Poll() {}

  /** Polls {@code probe} until it yields a value; fails naming {@code what} after {@code limit}. */
  static <T> T until(Duration limit, Supplier<String> what, Callable<Optional<T>> probe)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Optional<T> v = probe.call();
      if (v.isPresent()) {
        return v.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit + " waiting for " + what.get());
      }
      Thread.sleep(INTERVAL_MS); // the poll interval, not a wait for the event itself
    }
  }

  /** Polls {@code condition} until true. */
  static void untilTrue(Duration limit, Supplier<String> what, Callable<Boolean> condition)
      throws Exception {
    until(limit, what, () -> condition.call() ? Optional.of(true) : Optional.empty());
  }
}
