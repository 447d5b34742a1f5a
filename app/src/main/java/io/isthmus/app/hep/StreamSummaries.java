package io.isthmus.app.hep;

import io.isthmus.hep.Hep3;
import io.isthmus.hep.HepSender;
import io.isthmus.hep.Payload;
import io.isthmus.hep.Sampling;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.DeletionReason;
import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.relay.stats.MonologueStats;
import io.isthmus.media.relay.stats.RtcpReportStats;
import io.isthmus.media.relay.stats.StreamStats;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Predicate;

/**
 * When the relay deletes a sampled call, one HEP log packet (protocol type 100) per party and media
 * stream with its quality over the whole call: packets, bytes and errors the party sent, and the
 * last RTCP report it sent about what it received (fraction lost, cumulative loss, jitter). Runs
 * once per call, on the call's loop, after its sockets are closed.
 *
 * <pre>{"event":"stream-summary","reason":"deleted","party":"1928301774","media":1,"type":"audio",
 * "interface":"public","packets":500,"bytes":86000,"errors":0,"rtcp_reports":3,
 * "fraction_lost":0,"packets_lost":0,"jitter":12}</pre>
 */
public final class StreamSummaries {
  private final HepSender hep;
  private final Sampling sampling;
  private final Predicate<String> capturesInterface;
  private final Map<String, LogicalInterface> interfaces;

  public StreamSummaries(
      HepSender hep,
      Sampling sampling,
      Predicate<String> capturesInterface,
      Map<String, LogicalInterface> interfaces) {
    this.hep = hep;
    this.sampling = sampling;
    this.capturesInterface = capturesInterface;
    this.interfaces = Map.copyOf(interfaces);
  }

  /** Sends the summaries of a deleted call. */
  public void callDeleted(String callId, DeletionReason reason, CallStats stats) {
    if (stats == null || !sampling.sampled(callId)) {
      return;
    }
    for (MonologueStats party : stats.monologues()) {
      for (MediaStats media : party.medias()) {
        LogicalInterface iface = interfaces.get(media.interfaceName());
        StreamStats rtp = media.rtp();
        InetSocketAddress peer = rtp.endpoint();
        if (iface == null || peer == null || !capturesInterface.test(iface.name())) {
          continue;
        }
        hep.capture(
            Hep3.TYPE_LOG,
            Hep3.UDP,
            peer.getAddress(),
            peer.getPort(),
            iface.local(),
            rtp.localPort(),
            callId,
            json(reason, party.tag(), media),
            Payload.UTF8_TEXT);
      }
    }
  }

  static String json(DeletionReason reason, String tag, MediaStats media) {
    StreamStats rtp = media.rtp();
    RtcpReportStats r = media.reports();
    return "{\"event\":\"stream-summary\",\"reason\":\""
        + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
        + "\",\"party\":\""
        + escape(tag)
        + "\",\"media\":"
        + media.index()
        + ",\"type\":\""
        + escape(media.type())
        + "\",\"interface\":\""
        + escape(media.interfaceName())
        + "\",\"packets\":"
        + rtp.packets()
        + ",\"bytes\":"
        + rtp.bytes()
        + ",\"errors\":"
        + rtp.errors()
        + ",\"rtcp_reports\":"
        + (r == null ? 0 : r.reports())
        + ",\"fraction_lost\":"
        + (r == null ? 0 : r.fractionLost())
        + ",\"packets_lost\":"
        + (r == null ? 0 : r.cumulativeLost())
        + ",\"jitter\":"
        + (r == null ? 0 : r.jitter())
        + "}";
  }

  private static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
