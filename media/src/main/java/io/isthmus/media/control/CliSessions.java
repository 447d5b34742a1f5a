package io.isthmus.media.control;

import io.isthmus.media.relay.Call;
import io.isthmus.media.relay.MediaSlot;
import io.isthmus.media.relay.Monologue;
import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.relay.stats.MonologueStats;
import io.isthmus.media.relay.stats.StreamStats;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The text of rtpengine 10.5's CLI {@code list sessions} for one call: the one-line summary of
 * {@code list sessions all} and the detail of {@code list sessions CALLID}, written from the call's
 * model and a counter snapshot on its event loop. Isthmus keeps no state in Redis, so every call is
 * its own ({@code foreign:no}, keyspace 0).
 */
final class CliSessions {
  private CliSessions() {}

  /** "address:port", as rtpengine prints the proxy a call came from. */
  static String address(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** One line of {@code list sessions all}. */
  static String line(Call call) {
    return String.format(
        Locale.ROOT,
        "callid: %60s | deletionmark:%4s | created:%12d | proxy:%s | redis_keyspace:%d |"
            + " foreign:%s%n",
        call.callId(),
        call.hasPendingDelete() ? "yes" : "no",
        call.createdEpochMicros() / 1_000_000L,
        proxy(call),
        0,
        "no");
  }

  /** {@code list sessions CALLID}: the call, then each party with its subscriptions and ports. */
  static String detail(Call call, CallStats stats, Wall wall) {
    long now = stats.snapshotNanos();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%ncallid: %s%ndeletionmark: %s%ncreated: %d%nproxy: %s%ntos: %d%nlast_signal: %d%n"
                + "redis_keyspace: %d%nforeign: %s%n%n",
            call.callId(),
            call.hasPendingDelete() ? "yes" : "no",
            call.createdEpochMicros() / 1_000_000L,
            proxy(call),
            0,
            wall.epochSeconds(stats.lastSignalNanos(), now),
            0,
            "no"));
    Map<String, MonologueStats> byName = new HashMap<>();
    for (MonologueStats m : stats.monologues()) {
      byName.put(m.tag(), m);
    }
    long nowMicros = wall.epochMicros();
    for (Monologue p : call.monologues()) {
      NgParty party = NgParty.of(p);
      long micros = Math.max(0, nowMicros - p.createdEpochMicros());
      sb.append(
          String.format(
              Locale.ROOT,
              "--- Tag '%s', type: %s, label '%s', branch '%s', callduration %d.%06d%n",
              p.tag() == null ? "" : p.tag(),
              party.tagType(),
              p.label() == null ? "" : p.label(),
              party.viaBranch() == null ? "" : party.viaBranch(),
              micros / 1_000_000,
              micros % 1_000_000));
      // rtpengine 10.5 lists the subscriptions under both headings.
      for (Monologue s : party.subscriptions()) {
        sb.append("---     subscribed to '").append(tag(s)).append("'\n");
      }
      for (Monologue s : party.subscriptions()) {
        sb.append("---     subscription of '").append(tag(s)).append("'\n");
      }
      MonologueStats ms = byName.get(p.name());
      for (int i = 0; i < p.slots().size(); i++) {
        MediaSlot slot = p.slots().get(i);
        if (slot.stream() == null || ms == null) {
          continue;
        }
        MediaStats media = null;
        for (MediaStats m : ms.medias()) {
          if (m.index() == slot.stream().index()) {
            media = m;
          }
        }
        if (media == null) {
          continue;
        }
        sb.append(
            String.format(
                Locale.ROOT,
                "------ Media #%d (%s over %s) using unknown codec%n",
                i + 1,
                media.type(),
                slot.proto() == null ? "(unknown)" : slot.proto()));
        String local = p.iface().local().getHostAddress();
        port(sb, local, media.rtp(), "", wall, now);
        if (!media.rtcpMux()) {
          port(sb, local, media.rtcp(), " (RTCP)", wall, now);
        }
      }
    }
    sb.append('\n');
    return sb.toString();
  }

  private static void port(
      StringBuilder sb, String local, StreamStats s, String kind, Wall wall, long now) {
    InetSocketAddress peer = s.endpoint() != null ? s.endpoint() : s.expected();
    sb.append(
        String.format(
            Locale.ROOT,
            "-------- Port %15s:%-5d <> %15s:%-5d%s, SSRC %x, %d p, %d b, %d e, %d ts%n",
            local,
            s.localPort(),
            peer == null ? "" : peer.getAddress().getHostAddress(),
            peer == null ? 0 : peer.getPort(),
            kind,
            0,
            s.packets(),
            s.bytes(),
            s.errors(),
            wall.epochSeconds(s.lastPacketNanos(), now)));
  }

  private static String tag(Monologue m) {
    return m.tag() == null ? "" : m.tag();
  }

  private static String proxy(Call call) {
    for (Monologue m : call.monologues()) {
      String from = NgParty.of(m).createdFrom();
      if (from != null) {
        return from;
      }
    }
    return "";
  }
}
