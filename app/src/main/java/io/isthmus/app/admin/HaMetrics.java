package io.isthmus.app.admin;

import io.isthmus.ha.proxy.ProxyReplication;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;

/** The proxy's dialog replication in /metrics ({@code isthmus_ha_*}): registered when on. */
public final class HaMetrics {
  private HaMetrics() {}

  public static void register(PrometheusRegistry registry, Supplier<ProxyReplication.Stats> ha) {
    GaugeWithCallback.builder()
        .name("isthmus_ha_redis_connected")
        .help("1 while the dialog writer is connected to Redis, 0 while it retries")
        .callback(cb -> cb.call(ha.get().writer().connected() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_ha_dialogs")
        .help("Answered dialogs kept in Redis by this proxy")
        .callback(cb -> cb.call(ha.get().dialogs()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_ha_dialogs_restored")
        .help("Dialogs read back from Redis at start and carried on")
        .callback(cb -> cb.call(ha.get().restored()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_ha_pending_keys")
        .help("Keys waiting to be written to Redis (the write queue)")
        .callback(cb -> cb.call(ha.get().writer().pending()))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_ha_writes")
        .help("Keys written to (or deleted from) Redis")
        .callback(cb -> cb.call(ha.get().writer().written()))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_ha_failed_batches")
        .help("Write batches that failed (Redis down or slow) and were retried")
        .callback(cb -> cb.call(ha.get().writer().failedBatches()))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_ha_refused")
        .help("Writes refused because the queue was full (rewritten once Redis keeps up)")
        .callback(cb -> cb.call(ha.get().writer().refused()))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_ha_state_lost")
        .help("Times Redis had lost this proxy's keys (restart, flush) and all were rewritten")
        .callback(cb -> cb.call(ha.get().writer().stateLost()))
        .register(registry);
  }
}
