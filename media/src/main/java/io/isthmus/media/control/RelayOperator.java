package io.isthmus.media.control;

import io.isthmus.media.relay.MediaRelay;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What rtpengine's operator interfaces (its CLI port, {@code rtpengine-ctl}, and {@code /cli/} over
 * HTTP) read and do on the relay: the sessions, their rtpengine-style text, the statistics list,
 * and terminating calls. Per-call work runs on the call's event loop; callers on an admin thread
 * wait on the returned stages with a deadline, never on a loop.
 */
public final class RelayOperator {
  private final MediaRelay relay;
  private final RelayCounters counters;
  private final RelayStatistics statistics;
  private final Wall wall;

  RelayOperator(MediaRelay relay, RelayCounters counters, RelayStatistics statistics, Wall wall) {
    this.relay = relay;
    this.counters = counters;
    this.statistics = statistics;
    this.wall = wall;
  }

  /** The Call-IDs held now (including those waiting out a delete delay). */
  public List<String> callIds() {
    return List.copyOf(relay.callIds());
  }

  /** The call's line of {@code list sessions all}; empty if the call is gone. */
  public CompletableFuture<Optional<String>> sessionLine(String callId) {
    return relay.onExistingCall(callId, CliSessions::line);
  }

  /** {@code list sessions CALLID}; empty if there is no such call. */
  public CompletableFuture<Optional<String>> sessionDetail(String callId) {
    return relay.onExistingCall(callId, call -> CliSessions.detail(call, call.stats(), wall));
  }

  /** Deletes the call at once, counted as forced termination; false if there is no such call. */
  public CompletableFuture<Boolean> terminate(String callId) {
    counters.terminating.add(callId);
    return relay
        .delete(callId)
        .thenApply(
            stats -> {
              if (stats.isEmpty()) {
                counters.terminating.remove(callId);
              }
              return stats.isPresent();
            });
  }

  /** rtpengine's statistics list now. */
  public StatsList statistics() {
    return statistics.gather(wall.nanos());
  }
}
