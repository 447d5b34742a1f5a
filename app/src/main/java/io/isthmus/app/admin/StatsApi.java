package io.isthmus.app.admin;

import io.isthmus.proxy.core.ProxyCall;
import io.isthmus.proxy.core.SipCounters;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/stats}: the totals the status page turns into rates by polling, and {@code ctl}
 * shows. Counters only grow; a poller divides their differences by the time between two polls.
 */
final class StatsApi {
  record Calls(long active, long answered, long settingUp, long total, long answeredTotal) {}

  record Sip(
      Map<String, Long> requests,
      Map<Integer, Long> responsesReceived,
      Map<Integer, Long> responsesSent,
      long requestsTotal,
      long responsesTotal) {}

  record Ng(long commands, Map<String, NgMetrics.CommandStat> byCommand) {}

  /** Null when the relay is external. */
  record Media(
      long sessions,
      long packetsRelayed,
      long bytesRelayed,
      long packetsDropped,
      long portsInUse,
      long portsTotal) {}

  /** The proxy's dialogs in Redis; null when {@code ha:} is not configured. */
  record Ha(
      boolean connected,
      long dialogs,
      long restored,
      long pending,
      long written,
      long failedBatches,
      long refused,
      long stateLost) {}

  record Stats(long uptimeSeconds, Calls calls, Sip sip, Ng ng, Media media, Ha ha) {}

  private final Running running;
  private final long startNanos;

  StatsApi(Running running, long startNanos) {
    this.running = running;
    this.startNanos = startNanos;
  }

  Stats stats(long nowNanos) {
    List<ProxyCall> calls = running.proxy().calls();
    long answered = calls.stream().filter(c -> c.state().equals(ProxyCall.ANSWERED)).count();
    long[] totals = running.proxy().callTotals();
    SipCounters sip = running.proxy().counters();
    Map<String, Long> requests = sip.requestsReceived();
    Map<Integer, Long> received = sip.responsesReceived();
    Map<Integer, Long> sent = sip.responsesSent();
    Media media = null;
    if (running.media() != null) {
      MediaView.Snapshot s = running.media().snapshot();
      media =
          new Media(
              s.calls().size(),
              s.traffic().packets(),
              s.traffic().bytes(),
              s.traffic().errors(),
              s.portsInUse(),
              s.portsTotal());
    }
    Ha ha = null;
    if (running.ha() != null) {
      var h = running.ha().stats();
      var w = h.writer();
      ha =
          new Ha(
              w.connected(),
              h.dialogs(),
              h.restored(),
              w.pending(),
              w.written(),
              w.failedBatches(),
              w.refused(),
              w.stateLost());
    }
    return new Stats(
        (nowNanos - startNanos) / 1_000_000_000L,
        new Calls(calls.size(), answered, calls.size() - answered, totals[0], totals[1]),
        new Sip(
            requests,
            received,
            sent,
            sum(requests.values()),
            sum(received.values()) + sum(sent.values())),
        new Ng(running.ng().total(), running.ng().snapshot()),
        media,
        ha);
  }

  private static long sum(Iterable<Long> values) {
    long n = 0;
    for (long v : values) {
      n += v;
    }
    return n;
  }
}
