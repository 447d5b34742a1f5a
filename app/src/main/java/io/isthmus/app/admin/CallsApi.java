package io.isthmus.app.admin;

import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.relay.stats.MonologueStats;
import io.isthmus.media.relay.stats.RtcpReportStats;
import io.isthmus.media.relay.stats.StreamStats;
import io.isthmus.proxy.core.ProxyCall;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/calls}: the calls in progress as the proxy and the relay see them, ending one by
 * hand, and the per-call trace switch.
 */
final class CallsApi {
  /** The caller's side of a call; {@code identity} when it authenticated (digest). */
  record Caller(String network, String tag, String identity) {}

  /** The callee's side: its network, the gateway set and the gateway of the call. */
  record Callee(String network, String tag, String gatewaySet, String gateway) {}

  /** One relay socket's counters: what the party on that side sent to the relay. */
  record Socket(
      int localPort,
      String endpoint,
      long packets,
      long bytes,
      long errors,
      Double lastPacketSecondsAgo) {}

  /** The party's latest RTCP report about the media it receives. */
  record Report(long reports, double fractionLost, int cumulativeLost, long jitter) {}

  /** One m-line of one party. */
  record Stream(
      int index,
      String type,
      String iface,
      boolean rtcpMux,
      Socket rtp,
      Socket rtcp,
      Report rtcpReport) {}

  /** One party (monologue) of the relay's call. */
  record Party(String tag, List<Stream> streams) {}

  /** The relay's side of a call. */
  record Media(double ageSeconds, List<Party> parties) {}

  /**
   * One call; {@code state} is setting-up, answered, or media-only (a relay call the proxy does not
   * hold).
   */
  record CallView(
      String callId,
      String state,
      String created,
      String answered,
      Caller caller,
      Callee callee,
      boolean traced,
      Media media) {}

  record CallList(int count, List<CallView> calls) {}

  /**
   * What a DELETE did: proxy {@code cancelled}, {@code bye-sent}, {@code media-deleted} or {@code
   * unknown}; media {@code deleted}, {@code not-found} or {@code delete-sent}.
   */
  record Terminated(String callId, String proxy, String media) {}

  record Trace(String callId, boolean enabled, List<String> traced) {}

  private final Running running;

  CallsApi(Running running) {
    this.running = running;
  }

  CallList list() {
    List<ProxyCall> proxyCalls = running.proxy().calls();
    Map<String, CallStats> media =
        running.media() != null ? running.media().fresh().calls() : Map.of();
    List<CallView> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ProxyCall c : proxyCalls) {
      seen.add(c.callId());
      out.add(
          new CallView(
              c.callId(),
              c.state(),
              Instant.ofEpochMilli(c.createdEpochMillis()).toString(),
              c.answeredEpochMillis() > 0
                  ? Instant.ofEpochMilli(c.answeredEpochMillis()).toString()
                  : null,
              new Caller(c.callerNetwork(), c.callerTag(), c.callerIdentity()),
              new Callee(c.calleeNetwork(), c.calleeTag(), c.gatewaySet(), c.gateway()),
              running.proxy().trace().tracing(c.callId()),
              media(media.get(c.callId()))));
    }
    for (var e : media.entrySet()) {
      if (!seen.contains(e.getKey())) {
        out.add(
            new CallView(
                e.getKey(),
                "media-only",
                null,
                null,
                null,
                null,
                running.proxy().trace().tracing(e.getKey()),
                media(e.getValue())));
      }
    }
    out.sort(java.util.Comparator.comparing(CallView::callId));
    return new CallList(out.size(), out);
  }

  private static Media media(CallStats s) {
    if (s == null) {
      return null;
    }
    List<Party> parties = new ArrayList<>();
    for (MonologueStats m : s.monologues()) {
      List<Stream> streams = new ArrayList<>();
      for (MediaStats ms : m.medias()) {
        streams.add(
            new Stream(
                ms.index(),
                ms.type(),
                ms.interfaceName(),
                ms.rtcpMux(),
                socket(ms.rtp(), s.snapshotNanos()),
                ms.rtcpMux() ? null : socket(ms.rtcp(), s.snapshotNanos()),
                report(ms.reports())));
      }
      parties.add(new Party(m.tag(), streams));
    }
    return new Media(seconds(s.snapshotNanos() - s.createdNanos()), parties);
  }

  private static Socket socket(StreamStats s, long now) {
    if (s == null) {
      return null;
    }
    InetSocketAddress ep = s.endpoint();
    return new Socket(
        s.localPort(),
        ep == null ? null : ep.getAddress().getHostAddress() + ":" + ep.getPort(),
        s.packets(),
        s.bytes(),
        s.errors(),
        s.packets() > 0 ? seconds(now - s.lastPacketNanos()) : null);
  }

  private static Report report(RtcpReportStats r) {
    if (r == null || r.reports() == 0) {
      return null;
    }
    return new Report(r.reports(), r.fractionLostRatio(), r.cumulativeLost(), r.jitter());
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e6) / 1e3;
  }

  /** Ends the call on the proxy, then drops its media from the in-process relay at once. */
  Terminated terminate(String callId) throws HttpError {
    boolean held = running.relay() != null && running.relay().relay().callIds().contains(callId);
    String proxy = running.proxy().terminate(callId);
    String media = "not-found";
    if (running.relay() != null) {
      try {
        // The proxy's own delete may keep the call for the relay's delete-delay: drop it now.
        Optional<CallStats> gone = running.relay().relay().delete(callId).get(5, TimeUnit.SECONDS);
        if (held || gone.isPresent()) {
          media = "deleted";
        }
      } catch (Exception e) {
        throw new HttpError(500, "media delete failed: " + e);
      }
    } else if (!proxy.equals("unknown")) {
      media = "delete-sent"; // the external relay was sent a delete by the proxy
    }
    if (proxy.equals("unknown") && media.equals("not-found")) {
      throw HttpError.notFound("no call " + callId);
    }
    return new Terminated(callId, proxy, media);
  }

  Trace trace(String callId, JsonNode body) throws HttpError {
    JsonNode enabled = body.get("enabled");
    if (enabled == null || !enabled.isBoolean()) {
      throw HttpError.badRequest("expected {\"enabled\": true|false}");
    }
    running.proxy().trace().set(callId, enabled.booleanValue());
    return new Trace(callId, enabled.booleanValue(), List.copyOf(running.proxy().trace().traced()));
  }
}
