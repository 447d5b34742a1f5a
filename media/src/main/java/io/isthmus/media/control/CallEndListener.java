package io.isthmus.media.control;

import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.DeletionReason;
import io.isthmus.media.relay.stats.CallStats;

/**
 * Hears every call the engine removes (delete, any timeout, shutdown) on the call's loop: counts it
 * for {@code statistics} and tells the application. A call whose first offer failed never entered
 * the engine's table, so it is not heard of here.
 */
final class CallEndListener implements CallListener {
  private final RelayCounters counters;
  private final CallListener downstream;

  CallEndListener(RelayCounters counters, CallListener downstream) {
    this.counters = counters;
    this.downstream = downstream;
  }

  @Override
  public void callDeleted(String callId, DeletionReason reason, CallStats finalStats) {
    counters.ended(reason, finalStats);
    downstream.callDeleted(callId, reason, finalStats);
  }
}
