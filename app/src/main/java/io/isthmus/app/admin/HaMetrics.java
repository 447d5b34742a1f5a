package io.isthmus.app.admin;

import io.isthmus.ha.proxy.ProxyReplication;
import io.isthmus.ha.relay.RelayReplication;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;

/**
 * The proxy's dialog replication in /metrics ({@code isthmus_ha_*}), and under {@code isthmus run}
 * the in-process relay's ({@code isthmus_relay_ha_*}, {@code isthmus_relay_redis_*}, the names of
 * {@code isthmus relay}): registered when on.
 */
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

  /** The in-process relay's replication: the names {@code isthmus relay --listen-http} shows. */
  public static void registerRelay(
      PrometheusRegistry registry, Supplier<RelayReplication.Stats> relay) {
    GaugeWithCallback.builder()
        .name("isthmus_relay_ha_active")
        .help("1 while this process holds its relay node")
        .callback(cb -> cb.call(relay.get().active() ? 1 : 0))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_relay_ha_restored_calls")
        .help("Relay calls restored from Redis")
        .callback(cb -> cb.call(relay.get().restoredCalls()))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_relay_ha_restore_failures")
        .help("Relay calls that could not be restored")
        .callback(cb -> cb.call(relay.get().failedRestores()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_relay_redis_connected")
        .help("1 while every relay state writer is connected")
        .callback(cb -> cb.call(relay.get().connected() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("isthmus_relay_redis_pending")
        .help("Relay call states waiting to be written")
        .callback(cb -> cb.call(relay.get().pending()))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_relay_redis_written")
        .help("Relay call states written or deleted")
        .callback(cb -> cb.call(relay.get().written()))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_relay_redis_refused")
        .help("Relay call states refused by a full queue")
        .callback(cb -> cb.call(relay.get().refused()))
        .register(registry);
    CounterWithCallback.builder()
        .name("isthmus_relay_redis_state_lost")
        .help("Times Redis lost the relay's state (restart, flush) and every call was rewritten")
        .callback(cb -> cb.call(relay.get().stateLost()))
        .register(registry);
  }
}
