package io.isthmus.ha.proxy;

import io.isthmus.ha.redis.RedisLink;
import io.isthmus.ha.redis.StateWriter;
import io.isthmus.proxy.core.DialogListener;
import io.isthmus.proxy.core.DialogReplica;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's dialogs in Redis (docs/ha.md, "Proxy"): one key per answered dialog, {@code
 * isthmus:proxy:NODE:dialog:CALLID:CALLEETAG}, its {@link DialogCodec} record as value, written
 * when the 2xx is relayed, rewritten when an in-dialog request re-arms its expiry, deleted when it
 * ends; each with a TTL of its expiry plus {@link ProxyHaSettings#ttlMargin} as the safety net.
 *
 * <p>As a {@link DialogListener} it is called on the calls' loops and only hands the latest state
 * of a key to the {@link StateWriter} (never waits on Redis); the writer's thread does the rest. It
 * keeps the live dialogs in a concurrent map, so that a Redis that lost them (restart, flush,
 * failover to an empty replica) gets every one written again.
 *
 * <p>{@link #start} reads what the node's previous process left ({@link DialogLoader}) before the
 * proxy serves: the dialogs to carry on, the relay nodes it had drained and the shared
 * route-signing key. Redis unreachable then: the read is tried again every {@value #RETRY_MILLIS}
 * ms (Redis started after the proxy, or restarting) until {@link ProxyHaSettings#loadTimeout};
 * after that the proxy starts without them, with a key of its own.
 *
 * <p>Drains ({@link #drained}) are kept as one key per drained relay node, {@code
 * isthmus:proxy:NODE:drain:RELAYNODE}, without TTL: it lives exactly as long as the drain.
 */
public final class ProxyReplication implements DialogListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyReplication.class);

  /** Pause between two attempts to read the node's state back at start. */
  static final long RETRY_MILLIS = 250;

  private static final byte[] DRAINED = {'1'};

  /** Counters for /metrics and the status page. */
  public record Stats(
      StateWriter.Stats writer, int dialogs, int restored, boolean loaded, int loadAttempts) {}

  private final ProxyHaSettings settings;
  private final RedisLink link;
  private final LongSupplier wallMillis;
  private final Map<String, DialogReplica> live = new ConcurrentHashMap<>();
  private final Set<String> drains = ConcurrentHashMap.newKeySet();
  private final Set<String> restoredDrains;
  private final int loadAttempts;
  private final List<DialogReplica> restored;
  private final byte[] routeKey;
  private final boolean loaded;
  private final StateWriter writer;

  private ProxyReplication(
      ProxyHaSettings settings,
      RedisLink link,
      LongSupplier wallMillis,
      DialogLoader.Loaded state,
      boolean loaded,
      int loadAttempts) {
    this.settings = settings;
    this.link = link;
    this.wallMillis = wallMillis;
    this.restored = List.copyOf(state.dialogs());
    this.routeKey = state.routeKey();
    this.loaded = loaded;
    this.loadAttempts = loadAttempts;
    this.restoredDrains = Set.copyOf(state.drained());
    drains.addAll(state.drained());
    for (DialogReplica d : restored) {
      live.put(settings.dialogKey(d.callId(), d.calleeTag()), d);
    }
    this.writer =
        new StateWriter(
            link,
            settings.markerKey(),
            settings.queueCapacity(),
            settings.markerInterval(),
            this::rewrite);
  }

  /**
   * Opens the link, reads the node's dialogs back (waiting at most the load timeout) and starts the
   * writer. Never fails for Redis: unreachable, the proxy starts empty.
   */
  public static ProxyReplication start(ProxyHaSettings settings) {
    RedisLink link = RedisLink.open(settings.redis());
    AtomicInteger attempts = new AtomicInteger();
    CompletableFuture<DialogLoader.Loaded> load =
        CompletableFuture.supplyAsync(
            () -> loadRetrying(link, settings, attempts),
            r -> Thread.ofPlatform().daemon().name("isthmus-redis-load").start(r));
    DialogLoader.Loaded state;
    boolean loaded;
    try {
      state = load.get(settings.loadTimeout().toMillis(), TimeUnit.MILLISECONDS);
      loaded = true;
      LOG.info(
          "redis {}: {} dialog(s) of node {} to carry on{}",
          settings.redis(),
          state.dialogs().size(),
          settings.nodeId(),
          state.unreadable() > 0 ? ", " + state.unreadable() + " unreadable" : "");
    } catch (Exception e) {
      load.cancel(true);
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      state = new DialogLoader.Loaded(List.of(), 0, key, Set.of());
      loaded = false;
      LOG.warn(
          "redis {}: dialogs not read back within {} ({} attempt(s), last: {}): starting without"
              + " them, with a route key of this process",
          settings.redis(),
          settings.loadTimeout(),
          attempts.get(),
          e.getCause() != null ? e.getCause().toString() : e.toString());
    }
    return new ProxyReplication(
        settings, link, System::currentTimeMillis, state, loaded, attempts.get());
  }

  /** {@link DialogLoader#load} until it succeeds or the load timeout has passed. */
  private static DialogLoader.Loaded loadRetrying(
      RedisLink link, ProxyHaSettings settings, AtomicInteger attempts) {
    long deadline = System.nanoTime() + settings.loadTimeout().toNanos();
    while (true) {
      attempts.incrementAndGet();
      try {
        return DialogLoader.load(link, settings);
      } catch (RuntimeException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw e;
        }
        if (attempts.get() == 1) {
          LOG.info(
              "redis {}: not reachable yet ({}); trying again every {} ms for up to {}",
              settings.redis(),
              e.toString(),
              RETRY_MILLIS,
              settings.loadTimeout());
        }
        try {
          Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** The dialogs the previous process of this node left, to hand to {@code Proxy.start}. */
  public List<DialogReplica> restored() {
    return restored;
  }

  /** The relay nodes the node's previous process had drained: drain them again before serving. */
  public Set<String> restoredDrains() {
    return restoredDrains;
  }

  /**
   * Relay node {@code relayNode} was drained ({@code on}) or takes calls again: written to Redis so
   * that a restarted or standby proxy keeps it that way. Off any call's loop (the admin API).
   */
  public void drained(String relayNode, boolean on) {
    String key = settings.drainKey(relayNode);
    if (on) {
      drains.add(relayNode);
      writer.put(key, DRAINED, Duration.ZERO);
    } else {
      drains.remove(relayNode);
      writer.delete(key);
    }
  }

  /**
   * The key the proxy signs its Record-Routes with: shared through Redis by every proxy using it,
   * so that a restarted or standby proxy verifies the routes of dialogs it did not set up.
   */
  public byte[] routeKey() {
    return routeKey.clone();
  }

  public ProxyHaSettings settings() {
    return settings;
  }

  @Override
  public void answered(DialogReplica dialog) {
    String key = settings.dialogKey(dialog.callId(), dialog.calleeTag());
    live.put(key, dialog);
    write(key, dialog);
  }

  @Override
  public void refreshed(
      String callId,
      String calleeTag,
      int callerCseq,
      int calleeCseq,
      long intervalMillis,
      long expiresAtMillis) {
    String key = settings.dialogKey(callId, calleeTag);
    DialogReplica d =
        live.computeIfPresent(
            key, (k, v) -> v.refreshed(callerCseq, calleeCseq, intervalMillis, expiresAtMillis));
    if (d != null) {
      write(key, d);
    }
  }

  @Override
  public void ended(String callId, String calleeTag) {
    String key = settings.dialogKey(callId, calleeTag);
    if (live.remove(key) != null) {
      writer.delete(key);
    }
  }

  private void write(String key, DialogReplica d) {
    long left = Math.max(0, d.expiresAtMillis() - wallMillis.getAsLong());
    writer.put(key, DialogCodec.encode(d), Duration.ofMillis(left).plus(settings.ttlMargin()));
  }

  /** Redis lost our keys (or refused writes were dropped): every live dialog again, and the key. */
  private void rewrite() {
    writer.put(ProxyHaSettings.ROUTE_KEY, routeKey, Duration.ZERO);
    for (String node : drains) {
      writer.put(settings.drainKey(node), DRAINED, Duration.ZERO);
    }
    int n = 0;
    for (Map.Entry<String, DialogReplica> e : live.entrySet()) {
      write(e.getKey(), e.getValue());
      n++;
    }
    LOG.info("redis {}: {} live dialog(s) written again", settings.redis(), n);
  }

  public Stats stats() {
    return new Stats(writer.stats(), live.size(), restored.size(), loaded, loadAttempts);
  }

  /** Writes what is pending (at most a second), then closes the writer and the link. */
  @Override
  public void close() {
    writer.close(Duration.ofSeconds(1));
    link.close();
  }
}
