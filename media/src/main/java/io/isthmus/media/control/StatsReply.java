package io.isthmus.media.control;

import io.isthmus.media.relay.Call;
import io.isthmus.media.relay.MediaSlot;
import io.isthmus.media.relay.Monologue;
import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.relay.stats.MonologueStats;
import io.isthmus.media.relay.stats.RtcpReportStats;
import io.isthmus.media.relay.stats.StreamStats;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BInteger;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BValue;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code query} and {@code delete} replies, in rtpengine 10.5's shape:
 *
 * <pre>
 * created, created_us, "last signal", SSRC{},
 * tags{tag or "&lt;untagged N&gt;": {tag, via-branch, label, created,
 *            subscriptions[{tag, type}], subscribers[{tag, type}],
 *            medias[{index, type, protocol, [codec], streams[{"local port", "local address",
 *                    family, endpoint, "advertised endpoint", "last packet", flags, [SSRC],
 *                    stats}], flags, ["RTCP report"]}]}},
 * totals{RTP{packets, bytes, errors}, RTCP{...}}
 * </pre>
 *
 * With a {@code to-tag} (else a {@code from-tag}) only that party and the parties it receives from
 * are listed, as rtpengine does. Per stream, {@code stats} count what the party on that side sent
 * to the relay, and {@code SSRC} is the SSRC it sent last (on the RTCP stream: its RTCP's sender
 * SSRC); per media, {@code codec} is the codec of the payload type the party sent most packets of,
 * by its SDP, as rtpengine 10.5 reports them. rtpengine 10.5 leaves the top-level {@code SSRC}
 * dictionary empty in these flows (its MOS figures need RTCP it computes itself), and so does the
 * relay. Where a party sent RTCP reception reports, its media carries an extra key, {@code RTCP
 * report} (fraction lost in 1/256, cumulative packets lost, jitter in timestamp units, the reported
 * SSRC): the figures {@code /metrics} shows, which NG clients that do not know the key ignore.
 */
final class StatsReply {
  private StatsReply() {}

  /** The reply body for the whole call. */
  static NgResponse.Builder build(Call call, CallStats stats, Wall wall) {
    return build(call, stats, wall, null, null);
  }

  /**
   * The reply body for {@code call}, from {@code stats} (its snapshot, taken on its loop), for the
   * parties the request's tags select.
   */
  static NgResponse.Builder build(
      Call call, CallStats stats, Wall wall, String fromTag, String toTag) {
    Map<String, Map<Integer, MediaStats>> byParty = new HashMap<>();
    for (MonologueStats m : stats.monologues()) {
      Map<Integer, MediaStats> medias = new HashMap<>();
      for (MediaStats s : m.medias()) {
        medias.put(s.index(), s);
      }
      byParty.put(m.tag(), medias);
    }
    long now = stats.snapshotNanos();
    long[] rtp = new long[3];
    long[] rtcp = new long[3];
    BDict.Builder tags = BDict.builder();
    for (Monologue p : selected(call, fromTag, toTag)) {
      NgParty subs = NgParty.of(p);
      Map<Integer, MediaStats> medias = byParty.getOrDefault(p.name(), Map.of());
      List<BValue> list = new ArrayList<>();
      for (int i = 0; i < p.slots().size(); i++) {
        MediaSlot slot = p.slots().get(i);
        MediaStats ms = slot.stream() == null ? null : medias.get(slot.stream().index());
        if (ms == null) {
          continue;
        }
        add(rtp, ms.rtp());
        add(rtcp, ms.rtcp());
        list.add(media(i + 1, slot, ms, p, subs, subs.iceControlling(i), now, wall));
      }
      BDict.Builder tag = BDict.builder().put("tag", p.tag() == null ? "" : p.tag());
      if (subs.viaBranch() != null) {
        tag.put("via-branch", subs.viaBranch());
      }
      if (p.label() != null) {
        tag.put("label", p.label());
      }
      tag.put("created", p.createdEpochMicros() / 1_000_000L);
      tag.put("subscriptions", parties(subs.subscriptions()));
      tag.put("subscribers", parties(subs.subscribers()));
      tag.put("medias", BList.of(list));
      tags.put(p.tag() == null ? subs.untaggedName() : p.tag(), tag.build());
    }
    return NgResponse.okBuilder()
        .put("created", BInteger.of(call.createdEpochMicros() / 1_000_000L))
        .put("created_us", BInteger.of(call.createdEpochMicros() % 1_000_000L))
        .put("last signal", BInteger.of(wall.epochSeconds(stats.lastSignalNanos(), now)))
        .put("SSRC", BDict.empty())
        .put("tags", tags.build())
        .put(
            "totals",
            BDict.builder().put("RTP", counters(rtp)).put("RTCP", counters(rtcp)).build());
  }

  /**
   * The parties a reply lists: all, or the one named by {@code to-tag} (else {@code from-tag}) with
   * those it receives from; none when that tag is unknown.
   */
  private static List<Monologue> selected(Call call, String fromTag, String toTag) {
    String match = toTag != null && !toTag.isEmpty() ? toTag : fromTag;
    if (match == null || match.isEmpty()) {
      return List.copyOf(call.monologues());
    }
    Monologue m = call.find(match);
    if (m == null) {
      return List.of();
    }
    List<Monologue> out = new ArrayList<>();
    out.add(m);
    for (Monologue s : NgParty.of(m).subscriptions()) {
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private static BList parties(List<Monologue> parties) {
    List<BValue> out = new ArrayList<>();
    for (Monologue m : parties) {
      out.add(
          BDict.builder()
              .put("tag", m.tag() == null ? "" : m.tag())
              .put("type", "offer/answer")
              .build());
    }
    return BList.of(out);
  }

  private static BDict media(
      int index,
      MediaSlot slot,
      MediaStats ms,
      Monologue p,
      NgParty party,
      boolean iceControlling,
      long now,
      Wall wall) {
    // rtpengine's media flags, seen from the relay: "recv" when it receives from the party (the
    // party sends), "send" when it sends to it; "initialized" once the party sent SDP itself.
    List<String> flags = new ArrayList<>();
    if (slot.initialized()) {
      flags.add("initialized");
    }
    if (ms.rtcpMux()) {
      flags.add("rtcp-mux");
    }
    if (slot.stream().srtp()) {
      flags.add("SDES");
    }
    if (slot.stream().expectingMedia()) {
      flags.add("recv");
    }
    if (slot.receives()) {
      flags.add("send");
    }
    if (iceControlling) {
      flags.add("ICE controlling");
    }
    // "ICE": the relay is the ICE agent towards a party that does ICE (its credentials known).
    var agent = slot.stream().iceAgent();
    boolean ice = agent != null && agent.remote() != null;
    if (ice) {
      flags.add("ICE");
    }
    BDict.Builder b =
        BDict.builder()
            .put("index", index)
            .put("type", ms.type())
            .put("protocol", slot.proto() == null ? "" : slot.proto());
    String codec = ms.rtp().payloadType() < 0 ? null : party.codec(slot, ms.rtp().payloadType());
    if (codec != null) {
      b.put("codec", codec);
    }
    b.put(
            "streams",
            BList.of(
                stream(ms.rtp(), "RTP", p.iface().local(), now, wall, ice),
                stream(ms.rtcp(), "RTCP", p.iface().local(), now, wall, ice)))
        .putStrings("flags", flags);
    RtcpReportStats r = ms.reports();
    if (r.reports() > 0) {
      BDict report =
          BDict.builder()
              .put("reports", r.reports())
              .put("SSRC", r.ssrc())
              .put("fraction lost", r.fractionLost())
              .put("packets lost", r.cumulativeLost())
              .put("jitter", r.jitter())
              .build();
      b.put("RTCP report", report);
    }
    return b.build();
  }

  private static BDict stream(
      StreamStats s, String component, InetAddress local, long now, Wall wall, boolean ice) {
    List<String> flags = new ArrayList<>(List.of(component));
    if (ice) {
      flags.add("ICE");
    }
    if (s.expected() != null) {
      flags.add("filled");
    }
    if (s.locked()) {
      flags.add("confirmed");
    }
    BDict.Builder b =
        BDict.builder()
            .put("local port", s.localPort())
            .put("local address", local.getHostAddress())
            .put("family", family(local));
    // rtpengine writes both endpoints always, empty dictionaries while the party is not known.
    InetSocketAddress endpoint = s.endpoint() != null ? s.endpoint() : s.expected();
    b.put("endpoint", endpoint(endpoint));
    b.put("advertised endpoint", endpoint(s.expected()));
    b.put("last packet", wall.epochSeconds(s.lastPacketNanos(), now)).putStrings("flags", flags);
    if (s.ssrc() >= 0) {
      b.put("SSRC", s.ssrc());
    }
    return b.put("stats", counters(new long[] {s.packets(), s.bytes(), s.errors()})).build();
  }

  private static BDict endpoint(InetSocketAddress a) {
    if (a == null) {
      return BDict.builder().build();
    }
    return BDict.builder()
        .put("family", family(a.getAddress()))
        .put("address", a.getAddress().getHostAddress())
        .put("port", a.getPort())
        .build();
  }

  private static String family(InetAddress a) {
    return a instanceof Inet6Address ? "IPv6" : "IPv4";
  }

  private static void add(long[] sum, StreamStats s) {
    sum[0] += s.packets();
    sum[1] += s.bytes();
    sum[2] += s.errors();
  }

  private static BDict counters(long[] c) {
    return BDict.builder().put("packets", c[0]).put("bytes", c[1]).put("errors", c[2]).build();
  }
}
