package io.isthmus.media.relay;

import io.isthmus.media.relay.stats.CallStats;

/**
 * Told when a call leaves the relay, with its final statistics. Runs on the call's event loop: it
 * must return quickly and never block (hand work to another executor).
 */
@FunctionalInterface
public interface CallListener {

  /** Ports of the call are already returned when this runs. */
  void callDeleted(String callId, DeletionReason reason, CallStats finalStats);

  /** A listener that ignores deletions. */
  static CallListener none() {
    return (callId, reason, stats) -> {};
  }
}
