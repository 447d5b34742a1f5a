package io.isthmus.media.control;

import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.net.PortPool;
import io.isthmus.media.relay.MediaRelay;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers the relay's statistics in rtpengine 10.5's list ({@link StatsList}): current sessions and
 * media, totals of the calls that ended, interval figures, MOS, control clients, and ports per
 * interface. What Isthmus does not have is reported as rtpengine reports it without: no foreign
 * (Redis) sessions, no kernel forwarding, no graphite interval, no MOS samples, no transcoder
 * chains. Rates are per second between two reads at least a second apart. Read from any thread.
 */
public final class RelayStatistics {
  private final RelayCounters counters;
  private final MediaRelay relay;
  private long sampleNanos;
  private long[] sampleTotals = new long[3];
  private long[] rates = new long[3];

  RelayStatistics(RelayCounters counters, MediaRelay relay) {
    this.counters = counters;
    this.relay = relay;
    this.sampleNanos = counters.startNanos;
  }

  /** The list as of {@code nowNanos} (relay clock). */
  public synchronized StatsList gather(long nowNanos) {
    long[] rate = rates(nowNanos);
    StatsList s = new StatsList();
    long sessions = relay.callCount();
    s.header("{", "")
        .header("currentstatistics", "Statistics over currently running sessions:")
        .header("{", "");
    s.integer("sessionsown", "Owned sessions", sessions).prom("sessions", "gauge", "type=\"own\"");
    s.integer("sessionsforeign", "Foreign sessions", 0)
        .prom("sessions", "gauge", "type=\"foreign\"");
    s.integer("sessionstotal", "Total sessions", sessions);
    s.integer("transcodedmedia", "Transcoded media", 0).prom("transcoded_media", "gauge", null);
    s.integer("packetrate_user", "Packets per second (userspace)", rate[0]);
    s.integer("byterate_user", "Bytes per second (userspace)", rate[1]);
    s.integer("errorrate_user", "Errors per second (userspace)", rate[2]);
    s.integer("packetrate_kernel", "Packets per second (kernel)", 0);
    s.integer("byterate_kernel", "Bytes per second (kernel)", 0);
    s.integer("errorrate_kernel", "Errors per second (kernel)", 0);
    s.integer("packetrate", "Packets per second (total)", rate[0]);
    s.integer("byterate", "Bytes per second (total)", rate[1]);
    s.integer("errorrate", "Errors per second (total)", rate[2]);
    s.integer("media_userspace", "Userspace-only media streams", mediaStreams())
        .prom("mediastreams", "gauge", "type=\"userspace\"");
    s.integer("media_kernel", "Kernel-only media streams", 0)
        .prom("mediastreams", "gauge", "type=\"kernel\"");
    s.integer("media_mixed", "Mixed kernel/userspace media streams", 0)
        .prom("mediastreams", "gauge", "type=\"mixed\"");
    s.header("}", "");
    totals(s, nowNanos);
    interval(s);
    mos(s);
    control(s);
    interfaces(s);
    s.header("transcoders", null).header("[", "").header("]", "");
    s.header("}", null);
    return s;
  }

  private void totals(StatsList s, long nowNanos) {
    RelayCounters c = counters;
    s.header("totalstatistics", "Total statistics (does not include current running sessions):")
        .header("{", "");
    long uptime = (nowNanos - c.startNanos) / 1_000_000_000L;
    s.text("uptime", "Uptime of rtpengine", Long.toString(uptime), uptime + " seconds")
        .prom("uptime_seconds", "gauge", null);
    long managed = c.managed.sum();
    s.integer("managedsessions", "Total managed sessions", managed)
        .prom("sessions_total", "counter", null);
    closed(s, "rejectedsessions", "Total rejected sessions", c.rejected.sum(), "rejected");
    closed(
        s, "timeoutsessions", "Total timed-out sessions via TIMEOUT", c.timeout.sum(), "timeout");
    closed(
        s,
        "silenttimeoutsessions",
        "Total timed-out sessions via SILENT_TIMEOUT",
        c.silentTimeout.sum(),
        "silent_timeout");
    closed(
        s,
        "finaltimeoutsessions",
        "Total timed-out sessions via FINAL_TIMEOUT",
        c.finalTimeout.sum(),
        "final_timeout");
    closed(
        s,
        "offertimeoutsessions",
        "Total timed-out sessions via OFFER_TIMEOUT",
        c.offerTimeout.sum(),
        "offer_timeout");
    closed(
        s,
        "regularterminatedsessions",
        "Total regular terminated sessions",
        c.regular.sum(),
        "terminated");
    closed(
        s,
        "forcedterminatedsessions",
        "Total forced terminated sessions",
        c.forced.sum(),
        "force_terminated");
    long packets = c.packets.sum();
    long errors = c.errors.sum();
    long bytes = c.bytes.sum();
    s.integer("relayedpackets_user", "Total relayed packets (userspace)", packets)
        .prom("packets_total", "counter", "type=\"userspace\"");
    s.integer("relayedpacketerrors_user", "Total relayed packet errors (userspace)", errors)
        .prom("packet_errors_total", "counter", "type=\"userspace\"");
    s.integer("relayedbytes_user", "Total relayed bytes (userspace)", bytes)
        .prom("bytes_total", "counter", "type=\"userspace\"");
    s.integer("relayedpackets_kernel", "Total relayed packets (kernel)", 0)
        .prom("packets_total", "counter", "type=\"kernel\"");
    s.integer("relayedpacketerrors_kernel", "Total relayed packet errors (kernel)", 0)
        .prom("packet_errors_total", "counter", "type=\"kernel\"");
    s.integer("relayedbytes_kernel", "Total relayed bytes (kernel)", 0)
        .prom("bytes_total", "counter", "type=\"kernel\"");
    s.integer("relayedpackets", "Total relayed packets", packets);
    s.integer("relayedpacketerrors", "Total relayed packet errors", errors);
    s.integer("relayedbytes", "Total relayed bytes", bytes);
    s.integer(
            "zerowaystreams",
            "Total number of streams with no relayed packets",
            c.zeroWayStreams.sum())
        .prom("zero_packet_streams_total", "counter", null);
    s.integer("onewaystreams", "Total number of 1-way streams", c.oneWayStreams.sum())
        .prom("one_way_sessions_total", "counter", null);
    long totalMicros = c.durationMicros.sum();
    long avgMicros = managed == 0 ? 0 : totalMicros / managed;
    seconds(s, "avgcallduration", "Average call duration", avgMicros / 1e6, " seconds")
        .prom("call_duration_avg", "gauge", null);
    seconds(s, "totalcallsduration", "Total calls duration", totalMicros / 1e6, " seconds")
        .prom("call_duration_total", "counter", null);
    long squared = c.durationSquaredMillis.sum();
    seconds(
            s,
            "totalcallsduration2",
            "Total calls duration squared",
            squared / 1e6,
            " seconds squared")
        .prom("call_duration2_total", "counter", null);
    double variance =
        managed == 0
            ? 0
            : Math.abs((double) squared / managed - (avgMicros / 1e3) * (avgMicros / 1e3));
    seconds(
        s,
        "totalcallsduration_stddev",
        "Total calls duration standard deviation",
        Math.sqrt(variance) / 1e3,
        " seconds");
    s.header(null, "").header("}", "");
  }

  private static void closed(StatsList s, String label, String text, long n, String reason) {
    s.integer(label, text, n).prom("closed_sessions_total", "counter", "reason=\"" + reason + "\"");
  }

  private static StatsList seconds(
      StatsList s, String label, String text, double value, String unit) {
    String v = sixDigits(value);
    return s.text(label, text, v, v + unit);
  }

  private static String sixDigits(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }

  /** Graphite's interval figures: Isthmus reports to no graphite, so nothing was sampled. */
  private static void interval(StatsList s) {
    s.header(
            "intervalstatistics",
            "Graphite interval statistics (last reported values to graphite):")
        .header("{", null);
    seconds(s, "totalcallsduration", "Total calls duration", 0, " seconds");
    s.header(null, "");
    s.integer("minmanagedsessions", "Min managed sessions", 0);
    s.integer("maxmanagedsessions", "Max managed sessions", 0);
    for (var c : ControlStats.COMMANDS) {
      String name = c.wireName();
      s.cliLine("Min/Max/Avg " + name + " processing delay", "0.000000/0.000000/0.000000 sec");
      s.ngText("min" + name + "delay", sixDigits(0));
      s.ngText("max" + name + "delay", sixDigits(0));
      s.ngText("avg" + name + "delay", sixDigits(0));
    }
    for (var c : ControlStats.COMMANDS) {
      String name = c.wireName();
      s.cliLine("Min/Max/Avg " + name + " requests per second", "0/0/0 per sec");
      s.ngText("min" + name + "requestrate", "0");
      s.ngText("max" + name + "requestrate", "0");
      s.ngText("avg" + name + "requestrate", "0");
    }
    s.header(null, "").header("}", "");
  }

  /** Isthmus computes no MOS: no samples. */
  private static void mos(StatsList s) {
    s.header("mos", "MOS statistics:").header("{", "");
    s.text("mos_total", "Sum of all MOS values sampled", sixDigits(0), sixDigits(0))
        .prom("mos_total", "counter", null);
    s.text("mos2_total", "Sum of all MOS square values sampled", sixDigits(0), sixDigits(0))
        .prom("mos2_total", "counter", null);
    s.integer("mos_samples_total", "Total number of MOS samples", 0)
        .prom("mos_samples_total", "counter", null);
    s.text("mos_average", "Average MOS", sixDigits(0), sixDigits(0));
    s.text("mos_stddev", "MOS standard deviation", sixDigits(0), sixDigits(0));
    s.header(null, "").header("}", "");
  }

  private void control(StatsList s) {
    s.header("controlstatistics", "Control statistics:").header("{", "");
    s.header("proxies", null).header("[", null);
    StringBuilder head = new StringBuilder(String.format(" %20s ", "Proxy"));
    for (String n : ControlStats.SHORT_NAMES) {
      head.append(String.format("| %10s ", n));
    }
    s.cliLine(head.toString(), null);
    long[] total = new long[ControlStats.COMMANDS.size()];
    Map<String, ControlStats.Proxy> proxies = new TreeMap<>(counters.control.proxies());
    for (Map.Entry<String, ControlStats.Proxy> e : proxies.entrySet()) {
      ControlStats.Proxy p = e.getValue();
      s.header("{", null);
      s.ngText("proxy", e.getKey());
      StringBuilder row = new StringBuilder(String.format(" %20s ", e.getKey()));
      for (int i = 0; i < total.length; i++) {
        long n = p.counts[i].sum();
        total[i] += n;
        row.append(String.format("| %10d ", n));
        String name = ControlStats.COMMANDS.get(i).wireName();
        String shortName = ControlStats.SHORT_NAMES.get(i).toLowerCase(Locale.ROOT);
        String labels = "proxy=\"" + e.getKey() + "\",request=\"" + name + "\"";
        s.ngInteger(shortName + "count", n).prom("requests_total", "counter", labels);
        long micros = p.nanos[i].sum() / 1_000;
        s.ngText(
                shortName + "duration",
                String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000))
            .prom("request_seconds_total", "counter", labels);
      }
      s.cliLine("", row.toString());
      s.ngInteger("errorcount", p.errors.sum())
          .prom("errors_total", "counter", "proxy=\"" + e.getKey() + "\"");
      s.header("}", null);
    }
    s.header("]", "");
    for (int i = 0; i < total.length; i++) {
      s.ngInteger(
          "total" + ControlStats.SHORT_NAMES.get(i).toLowerCase(Locale.ROOT) + "count", total[i]);
    }
    s.header("}", "");
  }

  /** Ports per interface address, counted singly as rtpengine does (an RTP/RTCP pair is two). */
  private void interfaces(StatsList s) {
    s.header("interfaces", null).header("[", null);
    int min = relay.config().portMin();
    int max = relay.config().portMax();
    for (LogicalInterface iface : relay.config().interfaces()) {
      PortPool pool = relay.portPool(iface);
      int totals = max - min + 1;
      int used = 2 * pool.usedPairs();
      s.header("{", null);
      s.ngText("name", iface.name());
      s.ngText("address", iface.local().getHostAddress());
      s.header("ports", null).header("{", null);
      String labels =
          "name=\"" + iface.name() + "\",address=\"" + iface.local().getHostAddress() + "\"";
      s.ngInteger("min", min);
      s.ngInteger("max", max);
      s.ngInteger("used", used).prom("ports_used", "gauge", labels);
      s.ngText("used_pct", String.format(Locale.ROOT, "%.2f", used * 100.0 / totals));
      s.ngInteger("free", totals - used).prom("ports_free", "gauge", labels);
      s.ngInteger("totals", totals).prom("ports", "gauge", labels);
      s.ngInteger("last", pool.lastReserved());
      s.header("}", null).header("}", null);
    }
    s.header("]", null);
  }

  /** Media streams open now: each holds one port pair. */
  private long mediaStreams() {
    long n = 0;
    for (LogicalInterface iface : relay.config().interfaces()) {
      n += relay.portPool(iface).usedPairs();
    }
    return n;
  }

  private long[] rates(long nowNanos) {
    long elapsed = nowNanos - sampleNanos;
    if (elapsed >= 1_000_000_000L) {
      long[] totals = {counters.packets.sum(), counters.bytes.sum(), counters.errors.sum()};
      long[] r = new long[3];
      for (int i = 0; i < 3; i++) {
        r[i] = (totals[i] - sampleTotals[i]) * 1_000_000_000L / elapsed;
      }
      rates = r;
      sampleTotals = totals;
      sampleNanos = nowNanos;
    }
    return rates.clone();
  }
}
