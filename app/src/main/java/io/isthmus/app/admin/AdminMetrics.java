package io.isthmus.app.admin;

import io.isthmus.proxy.core.ProxyCall;
import io.isthmus.proxy.core.SetupTimes;
import io.isthmus.proxy.core.SipCounters;
import io.isthmus.proxy.dispatcher.GatewayState;
import io.isthmus.proxy.dispatcher.GatewayStatus;
import io.isthmus.proxy.transaction.TransactionKind;
import io.isthmus.proxy.transport.TransportCounters;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantiles;
import java.util.List;
import java.util.Locale;

/**
 * The Prometheus registry of one product: callback metrics over the counters the proxy, the
 * dispatcher, the NG layer and the relay already keep, read at scrape time (nothing here is touched
 * per message or per packet), and the JVM's metrics. The list is in {@code docs/admin-api.md}.
 */
final class AdminMetrics {
  private AdminMetrics() {}

  static PrometheusRegistry registry(Running r) {
    PrometheusRegistry registry = new PrometheusRegistry();
    sip(registry, r);
    calls(registry, r);
    gateways(registry, r);
    security(registry, r);
    relayNodes(registry, r);
    ng(registry, r.ng());
    if (r.media() != null) {
      media(registry, r.media());
    }
    JvmMetrics.builder().register(registry);
    return registry;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static void sip(PrometheusRegistry registry, Running r) {
    SipCounters sip = r.proxy().counters();
    CounterWithCallback.builder()
        .name("isthmus_sip_requests")
        .help("SIP requests received, by method")
        .labelNames("method")
        .callback(cb -> sip.requestsReceived().forEach((m, n) -> cb.call(n, m)))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_sip_responses")
        .help("SIP responses received from the network and sent by the proxy, by status code")
        .labelNames("direction", "code")
        .callback(
            cb -> {
              sip.responsesReceived().forEach((c, n) -> cb.call(n, "received", c.toString()));
              sip.responsesSent().forEach((c, n) -> cb.call(n, "sent", c.toString()));
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_sip_transactions_active")
        .help("SIP transactions alive, by kind (RFC 3261 section 17)")
        .labelNames("kind")
        .callback(
            cb -> {
              long[][] t = r.proxy().transactionTotals();
              for (TransactionKind k : TransactionKind.values()) {
                cb.call(t[k.ordinal()][0] - t[k.ordinal()][1], lower(k));
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_sip_transactions")
        .help("SIP transactions created, by kind")
        .labelNames("kind")
        .callback(
            cb -> {
              long[][] t = r.proxy().transactionTotals();
              for (TransactionKind k : TransactionKind.values()) {
                cb.call(t[k.ordinal()][0], lower(k));
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_sip_transport_events")
        .help("SIP transport events: malformed messages, refused sources, send errors")
        .labelNames("event")
        .callback(
            cb -> {
              TransportCounters.Snapshot s = r.proxy().transport().counters().snapshot();
              cb.call(s.malformedAnswered(), "malformed-answered");
              cb.call(s.malformedDropped(), "malformed-dropped");
              cb.call(s.sourceRejected(), "source-rejected");
              cb.call(s.sourceDropped(), "source-dropped");
              cb.call(s.sendErrors(), "send-error");
              cb.call(s.internalErrors(), "internal-error");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_sip_dropped")
        .help("SIP messages dropped without being forwarded or answered, by cause")
        .labelNames("cause")
        .callback(
            cb -> {
              TransportCounters.Snapshot s = r.proxy().transport().counters().snapshot();
              cb.call(s.malformedDropped(), "malformed");
              cb.call(s.sourceDropped(), "refused-source");
              r.proxy().counters().droppedByCause().forEach((cause, n) -> cb.call(n, cause));
              var flood = r.proxy().security().flood();
              cb.call(flood == null ? 0 : flood.totals().refused(), "flood");
            })
        .register(registry);
  }

  private static void security(PrometheusRegistry registry, Running r) {
    CounterWithCallback.builder()
        .name("isthmus_tls_handshakes")
        .help("TLS handshakes of SIP connections by direction and outcome")
        .labelNames("direction", "outcome")
        .callback(
            cb -> {
              var t = r.proxy().transport().tlsCounters();
              cb.call(t.inboundHandshakes(), "inbound", "ok");
              cb.call(t.inboundFailures(), "inbound", "failed");
              cb.call(t.outboundHandshakes(), "outbound", "ok");
              cb.call(t.outboundFailures(), "outbound", "failed");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_auth")
        .help("Digest authentication of requests by network and result")
        .labelNames("network", "result")
        .callback(
            cb ->
                r.proxy()
                    .security()
                    .auth()
                    .forEach(
                        (network, a) -> {
                          cb.call(a.successes(), network, "ok");
                          for (var f : io.isthmus.proxy.auth.AuthResult.Failure.values()) {
                            cb.call(a.failures(f), network, SecurityApi.label(f));
                          }
                        }))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_flood_events")
        .help("Flood protection: refused messages, blocks, scanners, refused connections")
        .labelNames("event")
        .callback(
            cb -> {
              var g = r.proxy().security().flood();
              var t =
                  g == null
                      ? new io.isthmus.proxy.flood.FloodGuard.Totals(0, 0, 0, 0, 0)
                      : g.totals();
              cb.call(t.refused(), "refused");
              cb.call(t.blocks(), "blocked");
              cb.call(t.scanners(), "scanner");
              cb.call(t.connectionsRefused(), "connection-refused");
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_flood_blocked_sources")
        .help("Source addresses blocked now by the flood protection")
        .callback(
            cb -> {
              var g = r.proxy().security().flood();
              cb.call(g == null ? 0 : g.blocked().size());
            })
        .register(registry);
  }

  private static void calls(PrometheusRegistry registry, Running r) {
    GaugeWithCallback.builder()
        .name("isthmus_calls_active")
        .help("Calls in progress on the proxy, setting up or answered")
        .labelNames("state")
        .callback(
            cb -> {
              List<ProxyCall> calls = r.proxy().calls();
              long answered =
                  calls.stream().filter(c -> c.state().equals(ProxyCall.ANSWERED)).count();
              cb.call(calls.size() - answered, ProxyCall.SETTING_UP);
              cb.call(answered, ProxyCall.ANSWERED);
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_calls")
        .help("Calls started (initial INVITEs that became calls)")
        .callback(cb -> cb.call(r.proxy().callTotals()[0]))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_calls_answered")
        .help("Calls answered (a 2xx established the dialog)")
        .callback(cb -> cb.call(r.proxy().callTotals()[1]))
        .register(registry);
    registry.register(new SetupHistogram(r));
  }

  /**
   * {@code isthmus_call_setup_seconds}: a classic histogram of the time from an initial INVITE's
   * arrival to its first 2xx (outcome {@code answered}) or to the final failure sent to the caller
   * ({@code failed}, {@code cancelled} for 487), read from the cores' counts at scrape time. Every
   * outcome is present, with zero counts until a call ends that way.
   */
  private record SetupHistogram(Running r) implements Collector {
    static final String NAME = "isthmus_call_setup_seconds";

    @Override
    public MetricSnapshot collect() {
      SetupTimes times = r.proxy().setupTimes();
      double[] bounds = SetupTimes.upperBounds();
      HistogramSnapshot.Builder b =
          HistogramSnapshot.builder()
              .name(NAME)
              .help("Call setup time: INVITE received to first 2xx, or to the final failure");
      for (SetupTimes.Outcome o : SetupTimes.Outcome.values()) {
        b.dataPoint(
            HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, times.counts(o)))
                .sum(times.sumSeconds(o))
                .labels(Labels.of("outcome", o.label()))
                .build());
      }
      return b.build();
    }
  }

  private static void gateways(PrometheusRegistry registry, Running r) {
    GaugeWithCallback.builder()
        .name("isthmus_gateway_state")
        .help("Gateway health state: 1 for the current state, 0 for the others")
        .labelNames("set", "uri", "state")
        .callback(
            cb -> {
              for (GatewayStatus g : r.dispatcher().status()) {
                for (GatewayState s : GatewayState.values()) {
                  cb.call(
                      g.state() == s ? 1 : 0,
                      Integer.toString(g.gateway().setId()),
                      g.gateway().uri().toString(),
                      lower(s));
                }
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_gateway_probe_latency_seconds")
        .help("Latency of the last answered OPTIONS probe (gateways never probed are absent)")
        .labelNames("set", "uri")
        .callback(
            cb -> {
              for (GatewayStatus g : r.dispatcher().status()) {
                if (g.lastProbeLatencyNanos() >= 0) {
                  cb.call(
                      g.lastProbeLatencyNanos() / 1e9,
                      Integer.toString(g.gateway().setId()),
                      g.gateway().uri().toString());
                }
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_gateway_active_calls")
        .help("Calls in progress on the gateway (the dispatcher's call load)")
        .labelNames("set", "uri")
        .callback(
            cb -> {
              for (GatewayStatus g : r.dispatcher().status()) {
                cb.call(
                    g.activeCalls(),
                    Integer.toString(g.gateway().setId()),
                    g.gateway().uri().toString());
              }
            })
        .register(registry);
  }

  private static void relayNodes(PrometheusRegistry registry, Running r) {
    GaugeWithCallback.builder()
        .name("isthmus_relay_node_up")
        .help("External relay node state: 1 up (takes new calls), 0 down (pinged until it answers)")
        .labelNames("node")
        .callback(cb -> r.proxy().relayNodes().forEach(n -> cb.call(n.up() ? 1 : 0, n.name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_relay_node_state_seconds")
        .help("Time since the relay node's state last changed (absent while it never did)")
        .labelNames("node")
        .callback(
            cb ->
                r.proxy().relayNodes().stream()
                    .filter(n -> n.sinceNanos() >= 0)
                    .forEach(n -> cb.call(n.sinceNanos() / 1e9, n.name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_relay_node_rtt_seconds")
        .help("Round trip of the relay node's last answered NG request")
        .labelNames("node")
        .callback(
            cb ->
                r.proxy().relayNodes().stream()
                    .filter(n -> n.lastRttNanos() >= 0)
                    .forEach(n -> cb.call(n.lastRttNanos() / 1e9, n.name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_relay_node_calls")
        .help("Calls pinned to the relay node")
        .labelNames("node")
        .callback(cb -> r.proxy().relayNodes().forEach(n -> cb.call(n.calls(), n.name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_relay_node_orphans")
        .help("Deletes waiting for the relay node to answer again")
        .labelNames("node")
        .callback(cb -> r.proxy().relayNodes().forEach(n -> cb.call(n.orphans(), n.name())))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_calls_ended_by_relay")
        .help("Calls the proxy ended because the relay ended their media (timeouts, lost sessions)")
        .callback(cb -> cb.call(r.proxy().relayEndedCalls()))
        .register(registry);
  }

  private static void ng(PrometheusRegistry registry, NgMetrics ng) {
    CounterWithCallback.builder()
        .name("isthmus_ng_commands")
        .help("NG commands handled, by command and result (ok, error)")
        .labelNames("command", "result")
        .callback(
            cb ->
                ng.snapshot()
                    .values()
                    .forEach(
                        s -> {
                          cb.call(s.ok(), s.command(), NgMetrics.OK);
                          cb.call(s.error(), s.command(), NgMetrics.ERROR);
                        }))
        .register(registry);
    SummaryWithCallback.builder()
        .name("isthmus_ng_command_seconds")
        .help("Time from an NG command to its reply, by command")
        .labelNames("command")
        .callback(
            cb ->
                ng.snapshot()
                    .values()
                    .forEach(s -> cb.call(s.count(), s.seconds(), Quantiles.EMPTY, s.command())))
        .register(registry);
  }

  private static void media(PrometheusRegistry registry, MediaView media) {
    GaugeWithCallback.builder()
        .name("isthmus_media_sessions")
        .help("Calls held by the relay")
        .callback(cb -> cb.call(media.snapshot().calls().size()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_media_ports_in_use")
        .help("Relay ports (RTP and RTCP) held by calls")
        .callback(cb -> cb.call(media.snapshot().portsInUse()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_media_ports")
        .help("Relay ports configured (port-min..port-max per local address)")
        .callback(cb -> cb.call(media.snapshot().portsTotal()))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_media_packets")
        .help("RTP and RTCP packets relayed and dropped")
        .labelNames("kind")
        .callback(
            cb -> {
              MediaTotals.Traffic t = media.snapshot().traffic();
              cb.call(t.packets(), "relayed");
              cb.call(t.errors(), "dropped");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_media_bytes")
        .help("RTP and RTCP payload bytes relayed")
        .callback(cb -> cb.call(media.snapshot().traffic().bytes()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_rtcp_fraction_lost")
        .help("Fraction lost from the parties' latest RTCP reports over live streams (0..1)")
        .labelNames("stat")
        .callback(
            cb -> {
              MediaView.RtcpSummary s = media.snapshot().rtcp();
              cb.call(s.maxFractionLost(), "max");
              cb.call(s.avgFractionLost(), "avg");
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_rtcp_jitter")
        .help("Interarrival jitter from the parties' latest RTCP reports, RTP timestamp units")
        .labelNames("stat")
        .callback(
            cb -> {
              MediaView.RtcpSummary s = media.snapshot().rtcp();
              cb.call(s.maxJitter(), "max");
              cb.call(s.avgJitter(), "avg");
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_rtcp_reporting_streams")
        .help("Live streams whose party sent at least one RTCP report")
        .callback(cb -> cb.call(media.snapshot().rtcp().streams()))
        .register(registry);
  }
}
