package io.isthmus.app.admin;

import io.isthmus.common.time.Clock;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.net.PortPool;
import io.isthmus.media.relay.MediaRelay;
import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.relay.stats.MonologueStats;
import io.isthmus.media.relay.stats.RtcpReportStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The in-process relay seen from the admin thread: a snapshot of every live call taken on each
 * call's own loop (an async gather with a deadline: a loop that does not answer in time leaves its
 * calls out of that snapshot), plus the totals of ended calls. A scrape reads many metrics at once,
 * so a snapshot is reused for {@link #MAX_AGE}.
 */
public final class MediaView {
  /** How long one snapshot serves: the metrics of one scrape come from one gather. */
  static final Duration MAX_AGE = Duration.ofMillis(500);

  /** How long a gather waits for the loops. */
  static final Duration GATHER_TIMEOUT = Duration.ofSeconds(2);

  /**
   * One gather.
   *
   * @param calls the live calls' counters, by Call-ID
   * @param traffic relayed and dropped, live and ended calls together (never decreasing)
   * @param portsInUse relay ports held (RTP and RTCP), over every local address
   * @param portsTotal relay ports configured, over every local address
   * @param rtcp the latest RTCP reports of the live streams
   */
  public record Snapshot(
      Map<String, CallStats> calls,
      MediaTotals.Traffic traffic,
      int portsInUse,
      int portsTotal,
      RtcpSummary rtcp,
      long takenNanos) {}

  /**
   * Loss and jitter as the parties reported them (RFC 3550 §6.4.1), over the streams with at least
   * one report.
   *
   * @param streams streams with a report
   * @param maxFractionLost worst fraction lost, 0..1
   * @param avgFractionLost mean fraction lost
   * @param maxJitter worst interarrival jitter, RTP timestamp units
   * @param avgJitter mean jitter, RTP timestamp units
   */
  public record RtcpSummary(
      int streams,
      double maxFractionLost,
      double avgFractionLost,
      double maxJitter,
      double avgJitter) {}

  private final RelayCommandHandler relay;
  private final MediaTotals ended;
  private final Clock clock;
  private Snapshot last;
  private MediaTotals.Traffic floor = new MediaTotals.Traffic(0, 0, 0);

  public MediaView(RelayCommandHandler relay, MediaTotals ended, Clock clock) {
    this.relay = relay;
    this.ended = ended;
    this.clock = clock;
  }

  /** A snapshot no older than {@link #MAX_AGE}. */
  public synchronized Snapshot snapshot() {
    long now = clock.nanos();
    if (last == null || now - last.takenNanos() > MAX_AGE.toNanos()) {
      last = gather(now);
    }
    return last;
  }

  /** A fresh snapshot (after a change the caller wants to see). */
  public synchronized Snapshot fresh() {
    last = gather(clock.nanos());
    return last;
  }

  private Snapshot gather(long now) {
    MediaRelay engine = relay.relay();
    Set<String> ids = engine.callIds();
    Map<String, CompletableFuture<Optional<CallStats>>> pending = new LinkedHashMap<>();
    for (String id : ids) {
      pending.put(id, engine.query(id));
    }
    Map<String, CallStats> calls = new LinkedHashMap<>();
    long deadline = now + GATHER_TIMEOUT.toNanos();
    for (var e : pending.entrySet()) {
      try {
        long left = Math.max(0, deadline - clock.nanos());
        e.getValue().get(left, TimeUnit.NANOSECONDS).ifPresent(s -> calls.put(e.getKey(), s));
      } catch (TimeoutException | ExecutionException ex) {
        // the call left, or its loop is busy: not in this snapshot
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    // Read the ended totals after the gather: a call that ended meanwhile is then counted in
    // both, which the floor below turns into a brief over-count, never into a counter going back.
    MediaTotals.Traffic live = new MediaTotals.Traffic(0, 0, 0);
    for (CallStats s : calls.values()) {
      live = live.plus(MediaTotals.Traffic.of(s));
    }
    MediaTotals.Traffic traffic = live.plus(ended.traffic()).atLeast(floor);
    floor = traffic;
    int[] ports = ports(engine);
    return new Snapshot(
        Collections.unmodifiableMap(calls), traffic, ports[0], ports[1], rtcp(calls), now);
  }

  /** Ports used and configured, over the distinct pools (interfaces may share an address). */
  private static int[] ports(MediaRelay engine) {
    Set<PortPool> pools = Collections.newSetFromMap(new IdentityHashMap<>());
    for (LogicalInterface i : engine.config().interfaces()) {
      pools.add(engine.portPool(i));
    }
    int used = 0;
    int total = 0;
    for (PortPool p : pools) {
      used += p.usedPairs() * 2;
      total += p.pairCount() * 2;
    }
    return new int[] {used, total};
  }

  private static RtcpSummary rtcp(Map<String, CallStats> calls) {
    List<RtcpReportStats> reports = new ArrayList<>();
    for (CallStats c : calls.values()) {
      for (MonologueStats m : c.monologues()) {
        for (MediaStats s : m.medias()) {
          if (s.reports() != null && s.reports().reports() > 0) {
            reports.add(s.reports());
          }
        }
      }
    }
    if (reports.isEmpty()) {
      return new RtcpSummary(0, 0, 0, 0, 0);
    }
    double maxLost = 0;
    double sumLost = 0;
    double maxJitter = 0;
    double sumJitter = 0;
    for (RtcpReportStats r : reports) {
      maxLost = Math.max(maxLost, r.fractionLostRatio());
      sumLost += r.fractionLostRatio();
      maxJitter = Math.max(maxJitter, r.jitter());
      sumJitter += r.jitter();
    }
    int n = reports.size();
    return new RtcpSummary(n, maxLost, sumLost / n, maxJitter, sumJitter / n);
  }
}
