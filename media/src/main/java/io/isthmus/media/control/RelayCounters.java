package io.isthmus.media.control;

import io.isthmus.media.relay.DeletionReason;
import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.relay.stats.MonologueStats;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import java.util.concurrent.atomic.LongAdder;

/**
 * Totals for the {@code statistics} command, under rtpengine's key names for what the relay counts
 * ({@code currentstatistics}, {@code totalstatistics}). Updated from every event loop as calls end,
 * hence adders.
 */
final class RelayCounters {
  private final long startNanos;
  final LongAdder managed = new LongAdder();
  final LongAdder rejected = new LongAdder();
  private final LongAdder timeout = new LongAdder();
  private final LongAdder silentTimeout = new LongAdder();
  private final LongAdder offerTimeout = new LongAdder();
  private final LongAdder finalTimeout = new LongAdder();
  private final LongAdder regular = new LongAdder();
  private final LongAdder forced = new LongAdder();
  private final LongAdder packets = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder errors = new LongAdder();

  RelayCounters(long startNanos) {
    this.startNanos = startNanos;
  }

  /** A call ended: count why, and add its traffic. */
  void ended(DeletionReason reason, CallStats stats) {
    managed.increment();
    switch (reason) {
      case DELETED -> regular.increment();
      case TIMEOUT -> timeout.increment();
      case SILENT_TIMEOUT -> silentTimeout.increment();
      case OFFER_TIMEOUT -> offerTimeout.increment();
      case FINAL_TIMEOUT -> finalTimeout.increment();
      case SHUTDOWN -> forced.increment();
    }
    for (MonologueStats m : stats.monologues()) {
      for (MediaStats s : m.medias()) {
        packets.add(s.rtp().packets() + s.rtcp().packets());
        bytes.add(s.rtp().bytes() + s.rtcp().bytes());
        errors.add(s.rtp().errors() + s.rtcp().errors());
      }
    }
  }

  NgResponse reply(int sessions, long nowNanos) {
    BDict current =
        BDict.builder()
            .put("sessionsown", sessions)
            .put("sessionsforeign", 0)
            .put("sessionstotal", sessions)
            .build();
    BDict total =
        BDict.builder()
            .put("uptime", Long.toString((nowNanos - startNanos) / 1_000_000_000L))
            .put("managedsessions", managed.sum())
            .put("rejectedsessions", rejected.sum())
            .put("timeoutsessions", timeout.sum())
            .put("silenttimeoutsessions", silentTimeout.sum())
            .put("finaltimeoutsessions", finalTimeout.sum())
            .put("offertimeoutsessions", offerTimeout.sum())
            .put("regularterminatedsessions", regular.sum())
            .put("forcedterminatedsessions", forced.sum())
            .put("relayedpackets_user", packets.sum())
            .put("relayedpacketerrors_user", errors.sum())
            .put("relayedbytes_user", bytes.sum())
            .put("relayedpackets", packets.sum())
            .put("relayedpacketerrors", errors.sum())
            .put("relayedbytes", bytes.sum())
            .build();
    return NgResponse.okBuilder()
        .put(
            "statistics",
            BDict.builder().put("currentstatistics", current).put("totalstatistics", total).build())
        .build();
  }
}
