package io.isthmus.media.control;

import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.DeletionReason;
import io.isthmus.media.relay.stats.CallStats;
import java.util.Map;

/**
 * Hears every call the engine removes (delete, any timeout, shutdown) on the call's loop: drops the
 * NG layer's state of it (its ports are already returned), counts it, and tells the application.
 */
final class CallEndListener implements CallListener {
  private final Map<String, CallControl> calls;
  private final RelayCounters counters;
  private final CallListener downstream;

  CallEndListener(Map<String, CallControl> calls, RelayCounters counters, CallListener downstream) {
    this.calls = calls;
    this.counters = counters;
    this.downstream = downstream;
  }

  @Override
  public void callDeleted(String callId, DeletionReason reason, CallStats finalStats) {
    CallControl cc = calls.remove(callId);
    if (cc == null) {
      return; // a call an offer created and gave up on: it never existed for NG clients
    }
    cc.cancelPendingDelete();
    counters.ended(reason, finalStats);
    downstream.callDeleted(callId, reason, finalStats);
  }
}
