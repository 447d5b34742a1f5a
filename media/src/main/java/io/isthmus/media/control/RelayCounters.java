package io.isthmus.media.control;

import io.isthmus.media.relay.DeletionReason;
import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.relay.stats.MonologueStats;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Totals over the calls that ended, as rtpengine counts them for {@code totalstatistics} (its
 * totals "do not include current running sessions"), plus the control clients' requests. Updated
 * from every event loop as calls end, hence adders.
 */
final class RelayCounters {
  final long startNanos;
  final LongAdder managed = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder timeout = new LongAdder();
  final LongAdder silentTimeout = new LongAdder();
  final LongAdder offerTimeout = new LongAdder();
  final LongAdder finalTimeout = new LongAdder();
  final LongAdder regular = new LongAdder();
  final LongAdder forced = new LongAdder();
  final LongAdder packets = new LongAdder();
  final LongAdder bytes = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder zeroWayStreams = new LongAdder();
  final LongAdder oneWayStreams = new LongAdder();

  /** Sum of call durations in microseconds, and of their squares in milliseconds squared. */
  final LongAdder durationMicros = new LongAdder();

  final LongAdder durationSquaredMillis = new LongAdder();
  final ControlStats control = new ControlStats();

  /** Calls an operator is terminating (CLI {@code terminate}): their end counts as forced. */
  final java.util.Set<String> terminating = java.util.concurrent.ConcurrentHashMap.newKeySet();

  RelayCounters(long startNanos) {
    this.startNanos = startNanos;
  }

  /** A call ended: count why, and add its traffic and duration. */
  void ended(DeletionReason reason, CallStats stats) {
    managed.increment();
    boolean forcedByOperator = terminating.remove(stats.callId());
    switch (reason) {
      case DELETED -> (forcedByOperator ? forced : regular).increment();
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
    long micros = Math.max(0, stats.snapshotNanos() - stats.createdNanos()) / 1_000;
    durationMicros.add(micros);
    durationSquaredMillis.add((micros / 1_000) * (micros / 1_000));
    countOneWay(stats.monologues());
  }

  /**
   * rtpengine's one-way and zero-way streams: per party, its first RTP stream against the one it
   * sends to (here: the other party's first); a party that sent while its peer did not makes a
   * one-way stream, neither sending counts half a zero-way stream (once per pair).
   */
  private void countOneWay(List<MonologueStats> parties) {
    int silentPairs = 0;
    for (MonologueStats m : parties) {
      if (m.medias().isEmpty()) {
        continue;
      }
      MonologueStats peer = null;
      for (MonologueStats o : parties) {
        if (o != m && !o.medias().isEmpty()) {
          peer = o;
          break;
        }
      }
      if (peer == null) {
        continue;
      }
      long own = m.medias().getFirst().rtp().packets();
      long theirs = peer.medias().getFirst().rtp().packets();
      if (theirs == 0) {
        if (own != 0) {
          oneWayStreams.increment();
        } else {
          silentPairs++;
        }
      }
    }
    zeroWayStreams.add(silentPairs / 2);
  }
}
