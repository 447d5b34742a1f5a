package io.isthmus.media.relay.stats;

import java.util.List;

/**
 * A consistent snapshot of a call, taken on its owning event loop: what {@code query} and {@code
 * delete} replies are built from. Times are on the relay's clock; {@code snapshotNanos} lets the
 * reader turn them into ages.
 */
public record CallStats(
    String callId,
    long createdNanos,
    long lastSignalNanos,
    long snapshotNanos,
    List<MonologueStats> monologues) {

  public CallStats {
    monologues = List.copyOf(monologues);
  }

  /** Sum of packets accepted on every socket of the call. */
  public long totalPackets() {
    return sum(true);
  }

  /** Sum of errors on every socket of the call. */
  public long totalErrors() {
    return sum(false);
  }

  private long sum(boolean packets) {
    long total = 0;
    for (MonologueStats m : monologues) {
      for (MediaStats media : m.medias()) {
        total += packets ? media.rtp().packets() : media.rtp().errors();
        total += packets ? media.rtcp().packets() : media.rtcp().errors();
      }
    }
    return total;
  }
}
