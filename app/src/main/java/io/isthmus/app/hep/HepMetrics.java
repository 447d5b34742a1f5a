package io.isthmus.app.hep;

import io.isthmus.hep.HepCounters;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The HEP capture's counters in {@code /metrics}, read at scrape time. */
public final class HepMetrics {
  private HepMetrics() {}

  /** Registers {@code isthmus_hep_packets_total} and {@code isthmus_hep_dropped_total{cause}}. */
  public static void register(PrometheusRegistry registry, HepCounters c) {
    CounterWithCallback.builder()
        .name("isthmus_hep_packets")
        .help("HEP packets sent to the collector")
        .callback(cb -> cb.call(c.sent()))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_hep_dropped")
        .help("HEP captures dropped, by cause")
        .labelNames("cause")
        .callback(
            cb -> {
              cb.call(c.queueFull(), "queue-full");
              cb.call(c.oversize(), "oversize");
              cb.call(c.sendErrors(), "send-error");
              cb.call(c.unsupported(), "mixed-address-families");
            })
        .register(registry);
  }
}
