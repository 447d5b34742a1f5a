package io.isthmus.app.admin;

import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.DeletionReason;
import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.relay.stats.MonologueStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * The traffic of calls that have left the relay: their final counters, added once per call as it
 * ends (on the call's loop, hence adders). With the live calls' counters ({@link MediaView}) these
 * make the relay's totals without any counter on the packet path.
 */
public final class MediaTotals implements CallListener {
  private final LongAdder calls = new LongAdder();
  private final LongAdder packets = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder errors = new LongAdder();

  @Override
  public void callDeleted(String callId, DeletionReason reason, CallStats finalStats) {
    calls.increment();
    Traffic t = Traffic.of(finalStats);
    packets.add(t.packets());
    bytes.add(t.bytes());
    errors.add(t.errors());
  }

  /** Calls that ended. */
  public long calls() {
    return calls.sum();
  }

  /** Traffic of the calls that ended. */
  public Traffic traffic() {
    return new Traffic(packets.sum(), bytes.sum(), errors.sum());
  }

  /**
   * Packets and bytes the relay accepted (and forwarded), and packets it dropped, RTP and RTCP.
   *
   * @param packets packets relayed
   * @param bytes UDP payload bytes relayed
   * @param errors packets dropped (stranger, no destination, malformed)
   */
  public record Traffic(long packets, long bytes, long errors) {
    static Traffic of(CallStats stats) {
      long p = 0;
      long b = 0;
      long e = 0;
      for (MonologueStats m : stats.monologues()) {
        for (MediaStats s : m.medias()) {
          p += s.rtp().packets() + s.rtcp().packets();
          b += s.rtp().bytes() + s.rtcp().bytes();
          e += s.rtp().errors() + s.rtcp().errors();
        }
      }
      return new Traffic(p, b, e);
    }

    Traffic plus(Traffic o) {
      return new Traffic(packets + o.packets, bytes + o.bytes, errors + o.errors);
    }

    /** Each field at least {@code floor}'s: totals never go back between two scrapes. */
    Traffic atLeast(Traffic floor) {
      return new Traffic(
          Math.max(packets, floor.packets),
          Math.max(bytes, floor.bytes),
          Math.max(errors, floor.errors));
    }
  }
}
