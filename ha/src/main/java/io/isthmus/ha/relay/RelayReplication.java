package io.isthmus.ha.relay;

import io.isthmus.ha.redis.RedisLink;
import io.isthmus.ha.redis.StateWriter;
import io.isthmus.media.net.PortsExhaustedException;
import io.isthmus.media.relay.Call;
import io.isthmus.media.relay.MediaRelay;
import io.isthmus.media.relay.RelayStateListener;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's calls in Redis, and the takeover of a node whose relay died: the one entry point of
 * relay HA, for {@code isthmus relay} and the in-process relay of {@code isthmus run}.
 *
 * <pre>{@code
 * RelayReplication ha = RelayReplication.start(handler.relay(), settings, new Role() {
 *   public void active() { ngServer = NgServer.start(...); } // the node is ours: serve it
 *   public void fenced(String why) { ... stop relaying: another process holds the node ... }
 * });
 * ...
 * ngServer.close(); ha.detach(); handler.close(); ha.close(); // calls stay in Redis for the next
 * }</pre>
 *
 * <p><b>Node and heartbeat.</b> A node ({@link RelayHaSettings#node}) is held by one process at a
 * time, the one whose id is in the node's heartbeat key ({@code SET NX PX ttl}, refreshed every
 * fifth of the TTL by a compare-and-expire script). Every process starts by watching that key: it
 * claims the node once the key is gone and its last TTL has run out (a key that vanished early was
 * deleted or flushed, not expired: its holder is alive and rewrites it within a refresh), and after
 * Redis was unreachable it waits twice the TTL and a second more, so a Redis restart never looks
 * like a dead relay. Claimed, it restores every call of the node ({@code SCAN} and {@code GET}),
 * binding the same relay ports, and only then calls {@link Role#active} (the NG socket). A holder
 * that finds another id in the key was taken over (it was frozen longer than the TTL): {@link
 * Role#fenced}.
 *
 * <p><b>Writes, off every loop.</b> The relay tells this listener of changes on the call's loop
 * ({@link RelayStateListener}); a change marks the call and schedules one snapshot 20 ms later on
 * the same loop ({@link CallRecord#encode}), handed to a {@link StateWriter} (by Call-ID among
 * {@link RelayHaSettings#writers}): nothing waits on Redis, a slow or absent Redis costs a bounded
 * queue (refusals counted, then a full rewrite), never a call. A removed call's key is deleted; its
 * TTL is the safety net. SRTP state is sampled every 5 s and the call rewritten when a rollover
 * counter moved; every call is rewritten every third of the TTL. When a writer finds Redis lost its
 * state (restart, flush, failover), every live call is rewritten and keys of calls no longer held
 * are deleted.
 */
public final class RelayReplication implements RelayStateListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RelayReplication.class);
  private static final long DIRTY_DELAY_MILLIS = 20;
  private static final Duration SRTP_SAMPLE = Duration.ofSeconds(5);
  private static final Duration MARKER_INTERVAL = Duration.ofMillis(500);
  private static final String REFRESH =
      "local v = redis.call('GET', KEYS[1])\n"
          + "if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end\n"
          + "if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 2 end\n"
          + "return 0";

  /** What the owner does when the node becomes its own, or is lost to another process. */
  public interface Role {
    /** The node is this process's and its calls are restored: serve it (bind the NG socket). */
    void active() throws Exception;

    /** Another process holds the node now: stop relaying it (on the heartbeat thread). */
    void fenced(String reason);
  }

  /** Counters for /metrics. */
  public record Stats(
      boolean active,
      long takeovers,
      long restoredCalls,
      long failedRestores,
      long lastTakeoverMillis,
      long heartbeatErrors,
      boolean connected,
      long pending,
      long written,
      long failedBatches,
      long refused,
      long stateLost) {}

  private final MediaRelay relay;
  private final Predicate<String> replicated;
  private final RelayHaSettings settings;
  private final Role role;
  private final String prefix;
  private final String heartbeatKey;
  private final byte[] id;
  private final RedisLink readLink;
  private final RedisLink writeLink;
  private final long ttlMillis;
  private final Map<Call, Boolean> dirty = new ConcurrentHashMap<>();
  private final Map<String, Long> srtpProgress = new ConcurrentHashMap<>();
  private final ScheduledExecutorService maintenance;
  private final Thread heartbeat;
  private final AtomicLong takeovers = new AtomicLong();
  private final AtomicLong restored = new AtomicLong();
  private final AtomicLong failedRestores = new AtomicLong();
  private final AtomicLong heartbeatErrors = new AtomicLong();
  private volatile long lastTakeoverMillis = -1;
  private volatile StateWriter[] writers; // set once the node is ours
  private volatile boolean active;
  private volatile boolean detached;
  private volatile boolean running = true;
  // Serving without the node's state (Redis was away at start): once Redis answers, the keys the
  // node's previous process left are of calls this one does not hold, and go.
  private boolean orphansLeft;

  private RelayReplication(
      MediaRelay relay, RelayHaSettings settings, Role role, Predicate<String> replicated) {
    this.relay = relay;
    this.replicated = replicated;
    this.settings = settings;
    this.role = role;
    this.prefix = "isthmus:relay:" + settings.node() + ":";
    this.heartbeatKey = prefix + "heartbeat";
    this.id =
        (ProcessHandle.current().pid() + "-" + UUID.randomUUID())
            .getBytes(StandardCharsets.US_ASCII);
    this.readLink = RedisLink.open(settings.read());
    this.writeLink =
        settings.write().equals(settings.read()) ? readLink : RedisLink.open(settings.write());
    this.ttlMillis = settings.heartbeatTtl().toMillis();
    this.maintenance =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("isthmus-relay-ha").unstarted(r));
    this.heartbeat =
        Thread.ofPlatform().daemon().name("isthmus-relay-heartbeat").unstarted(this::beat);
  }

  /**
   * Starts watching the node; {@code relay} (already started, holding no calls yet) hears from this
   * object from now on. Returns at once: {@link Role#active} comes later, on the heartbeat thread.
   */
  public static RelayReplication start(MediaRelay relay, RelayHaSettings settings, Role role) {
    return start(relay, settings, role, callId -> true);
  }

  /**
   * As {@link #start(MediaRelay, RelayHaSettings, Role)}, replicating only the calls whose Call-ID
   * {@code replicated} accepts: {@code isthmus run} keeps its warm-up calls out of Redis.
   */
  public static RelayReplication start(
      MediaRelay relay, RelayHaSettings settings, Role role, Predicate<String> replicated) {
    var r = new RelayReplication(relay, settings, role, replicated);
    relay.stateListener(r);
    r.heartbeat.start();
    long srtp = SRTP_SAMPLE.toMillis();
    r.maintenance.scheduleWithFixedDelay(r::sampleSrtp, srtp, srtp, TimeUnit.MILLISECONDS);
    long rewrite = Math.max(1000, settings.expires().toMillis() / 3);
    r.maintenance.scheduleWithFixedDelay(r::rewriteAll, rewrite, rewrite, TimeUnit.MILLISECONDS);
    return r;
  }

  /** Whether this process holds the node (and serves its calls). */
  public boolean isActive() {
    return active;
  }

  public RelayHaSettings settings() {
    return settings;
  }

  /** The key prefix of this node's state ({@code isthmus:relay:NODE:}). */
  public String keyPrefix() {
    return prefix;
  }

  public Stats stats() {
    StateWriter[] w = writers;
    boolean connected = w != null;
    long pending = 0, written = 0, failed = 0, refused = 0, lost = 0;
    if (w != null) {
      for (StateWriter s : w) {
        StateWriter.Stats st = s.stats();
        connected &= st.connected();
        pending += st.pending();
        written += st.written();
        failed += st.failedBatches();
        refused += st.refused();
        lost += st.stateLost();
      }
    }
    return new Stats(
        active,
        takeovers.get(),
        restored.get(),
        failedRestores.get(),
        lastTakeoverMillis,
        heartbeatErrors.get(),
        connected,
        pending,
        written,
        failed,
        refused,
        lost);
  }

  /** The Prometheus lines of {@link #stats} (appended to the relay's /metrics). */
  public String prometheus() {
    Stats s = stats();
    StringBuilder b = new StringBuilder();
    metric(b, "isthmus_relay_ha_active", "1 while this process holds its node", s.active() ? 1 : 0);
    metric(
        b,
        "isthmus_relay_ha_takeovers_total",
        "Times this process took its node over",
        s.takeovers());
    metric(
        b, "isthmus_relay_ha_restored_calls_total", "Calls restored from Redis", s.restoredCalls());
    metric(
        b,
        "isthmus_relay_ha_restore_failures_total",
        "Calls that could not be restored",
        s.failedRestores());
    metric(
        b,
        "isthmus_relay_ha_last_takeover_milliseconds",
        "How long the last takeover took, from claim to serving",
        s.lastTakeoverMillis());
    metric(
        b,
        "isthmus_relay_ha_heartbeat_errors_total",
        "Heartbeat commands that failed",
        s.heartbeatErrors());
    metric(
        b,
        "isthmus_relay_redis_connected",
        "1 while every state writer is connected",
        s.connected() ? 1 : 0);
    metric(b, "isthmus_relay_redis_pending", "Call states waiting to be written", s.pending());
    metric(b, "isthmus_relay_redis_written_total", "Call states written or deleted", s.written());
    metric(
        b,
        "isthmus_relay_redis_failed_batches_total",
        "Write batches that failed (retried)",
        s.failedBatches());
    metric(
        b, "isthmus_relay_redis_refused_total", "Call states refused by a full queue", s.refused());
    metric(
        b,
        "isthmus_relay_redis_state_lost_total",
        "Times Redis lost the state (restart, flush) and every call was rewritten",
        s.stateLost());
    return b.toString();
  }

  private static void metric(StringBuilder b, String name, String help, long value) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(name.endsWith("_total") ? " counter\n" : " gauge\n");
    b.append(name).append(' ').append(value).append('\n');
  }

  // ---- the relay's changes (on the calls' loops) -----------------------------------------------

  @Override
  public void changed(Call call) {
    if (!active || detached || !replicated.test(call.callId())) {
      return;
    }
    if (dirty.putIfAbsent(call, Boolean.TRUE) == null) {
      call.owner().schedule(() -> flush(call), DIRTY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void removed(Call call) {
    dirty.remove(call);
    srtpProgress.remove(call.callId());
    if (active && !detached && replicated.test(call.callId())) {
      writer(call.callId()).delete(callKey(call.callId()));
    }
  }

  private void flush(Call call) {
    dirty.remove(call);
    if (call.isDeleted() || detached) {
      return;
    }
    byte[] record = CallRecord.encode(call, System.nanoTime() - call.createdNanos());
    if (CallRecord.hasSrtp(call)) {
      srtpProgress.put(call.callId(), CallRecord.srtpProgress(call));
    }
    writer(call.callId()).put(callKey(call.callId()), record, settings.expires());
  }

  private StateWriter writer(String callId) {
    StateWriter[] w = writers;
    return w[Math.floorMod(callId.hashCode(), w.length)];
  }

  private String callKey(String callId) {
    return prefix + "call:" + callId;
  }

  // ---- maintenance (its own thread) ----------------------------------------------------------

  private void sampleSrtp() {
    if (!active) {
      return;
    }
    for (String callId : Set.copyOf(srtpProgress.keySet())) {
      relay.onExistingCall(
          callId,
          call -> {
            Long last = srtpProgress.get(callId);
            if (last == null || last != CallRecord.srtpProgress(call)) {
              changed(call);
            }
            return null;
          });
    }
  }

  /** Rewrites every call (or those of one writer); the TTL refresh and the answer to lost state. */
  private void rewrite(int shard) {
    StateWriter[] w = writers;
    if (!active || w == null) {
      return;
    }
    for (String callId : relay.callIds()) {
      if (shard < 0 || Math.floorMod(callId.hashCode(), w.length) == shard) {
        relay.onExistingCall(
            callId,
            call -> {
              changed(call);
              return null;
            });
      }
    }
  }

  private void rewriteAll() {
    rewrite(-1);
  }

  /** Redis lost a writer's state (or it refused some): rewrite, then delete keys of dead calls. */
  private void stateLost(int shard) {
    maintenance.execute(
        () -> {
          rewrite(shard);
          deleteOrphans();
        });
  }

  private void deleteOrphans() {
    if (!active) {
      return;
    }
    try (StatefulRedisConnection<String, byte[]> c = writeLink.connect()) {
      int deleted = 0;
      for (String key : scan(c)) {
        String callId = key.substring(prefix.length() + "call:".length());
        if (!relay.hasCall(callId)) {
          writer(callId).delete(key);
          deleted++;
        }
      }
      if (deleted > 0) {
        log.info("relay node {}: {} key(s) of ended calls deleted", settings.node(), deleted);
      }
    } catch (RuntimeException e) {
      log.warn("relay node {}: orphan check failed: {}", settings.node(), e.toString());
    }
  }

  private List<String> scan(StatefulRedisConnection<String, byte[]> c) {
    List<String> keys = new ArrayList<>();
    ScanArgs args = ScanArgs.Builder.matches(prefix + "call:*").limit(1000);
    KeyScanCursor<String> cursor = c.sync().scan(args);
    keys.addAll(cursor.getKeys());
    while (!cursor.isFinished()) {
      cursor = c.sync().scan(ScanCursor.of(cursor.getCursor()), args);
      keys.addAll(cursor.getKeys());
    }
    return keys;
  }

  // ---- heartbeat and takeover (its own thread) -----------------------------------------------

  private void beat() {
    long ttlNanos = TimeUnit.MILLISECONDS.toNanos(ttlMillis);
    long poll = Math.max(10, Math.min(50, ttlMillis / 10));
    long refresh = Math.max(20, ttlMillis / 5);
    // Wait one TTL of absence at start: a holder whose key was just flushed rewrites it by then.
    long deadline = System.nanoTime() + ttlNanos;
    boolean unreachable = false;
    boolean first = true;
    StatefulRedisConnection<String, byte[]> read = null;
    StatefulRedisConnection<String, byte[]> write = null;
    byte[] ttlArg = Long.toString(ttlMillis).getBytes(StandardCharsets.US_ASCII);
    while (running) {
      try {
        if (read == null) {
          read = readLink.connect();
        }
        if (write == null) {
          write = writeLink == readLink ? read : writeLink.connect();
        }
        first = false;
        if (active && orphansLeft) {
          orphansLeft = false;
          maintenance.execute(this::deleteOrphans);
        }
        if (!active) {
          long now = System.nanoTime();
          if (unreachable) {
            deadline = now + 2 * ttlNanos + TimeUnit.SECONDS.toNanos(1);
            unreachable = false;
          }
          long pttl = read.sync().pttl(heartbeatKey);
          if (pttl >= 0) {
            deadline = now + TimeUnit.MILLISECONDS.toNanos(pttl);
          } else if (pttl == -1) {
            deadline = now + ttlNanos; // a key without TTL: someone else's; wait it out
          } else if (now - deadline >= 0
              && "OK"
                  .equals(write.sync().set(heartbeatKey, id, SetArgs.Builder.nx().px(ttlMillis)))) {
            if (!takeOver(read, write)) {
              deadline = System.nanoTime() + 2 * ttlNanos; // let the live holder write it again
              sleepMillis(poll);
            }
            continue;
          }
          sleepMillis(poll);
        } else {
          Long r =
              write
                  .sync()
                  .eval(REFRESH, ScriptOutputType.INTEGER, new String[] {heartbeatKey}, id, ttlArg);
          if (r != null && r == 0) {
            active = false;
            log.error(
                "relay node {}: another process holds the node now; this one stops relaying it",
                settings.node());
            role.fenced("relay node " + settings.node() + " was taken over by another process");
            return;
          }
          sleepMillis(refresh);
        }
      } catch (RuntimeException e) {
        heartbeatErrors.incrementAndGet();
        if (!unreachable) {
          log.warn("relay node {}: Redis unreachable: {}", settings.node(), e.toString());
        }
        unreachable = true;
        // Reconnect on our own schedule (one attempt per poll), not Lettuce's backoff.
        closeQuietly(read);
        if (write != read) {
          closeQuietly(write);
        }
        read = null;
        write = null;
        if (first && !active && !settings.redisRequired()) {
          log.warn(
              "relay node {}: Redis unreachable at start; serving without the node's state"
                  + " (no-redis-required)",
              settings.node());
          orphansLeft = true;
          becomeActive(System.nanoTime());
        }
        first = false;
        sleepMillis(Math.min(100, poll * 2));
      }
    }
  }

  /** Restores the node's calls and serves them; false if the node was given back. */
  private boolean takeOver(
      StatefulRedisConnection<String, byte[]> read, StatefulRedisConnection<String, byte[]> write) {
    long start = System.nanoTime();
    takeovers.incrementAndGet();
    List<String> keys = scan(read);
    List<RedisFuture<byte[]>> values = new ArrayList<>(keys.size());
    for (String key : keys) {
      values.add(read.async().get(key));
    }
    List<CompletableFuture<Call>> restores = new ArrayList<>(keys.size());
    List<String> restoring = new ArrayList<>(keys.size());
    long nowWall = System.currentTimeMillis();
    for (int i = 0; i < keys.size(); i++) {
      byte[] record;
      try {
        record = values.get(i).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        failedRestores.incrementAndGet();
        log.warn("relay node {}: cannot read {}: {}", settings.node(), keys.get(i), e.toString());
        continue;
      }
      if (record == null) {
        continue; // deleted meanwhile
      }
      try {
        CallRecord.Header h = CallRecord.header(record);
        long age = TimeUnit.MILLISECONDS.toNanos(Math.max(0, nowWall - h.createdWallMillis()));
        restores.add(
            relay.restore(
                h.callId(),
                age,
                call -> CallRecord.decodeInto(call, relay, record, settings.deleteDelay())));
        restoring.add(keys.get(i));
      } catch (Exception e) {
        failedRestores.incrementAndGet();
        log.warn("relay node {}: {} unreadable: {}", settings.node(), keys.get(i), e.toString());
      }
    }
    long readDone = System.nanoTime();
    List<String> lost = new ArrayList<>();
    boolean portsHeld = false;
    for (int i = 0; i < restores.size(); i++) {
      try {
        restores.get(i).get(10, TimeUnit.SECONDS);
        restored.incrementAndGet();
      } catch (Exception e) {
        failedRestores.incrementAndGet();
        lost.add(restoring.get(i));
        portsHeld |= e.getCause() instanceof PortsExhaustedException;
        log.warn(
            "relay node {}: call {} not restored: {}",
            settings.node(),
            restoring.get(i),
            e.getCause() != null ? e.getCause().toString() : e.toString());
      }
    }
    long rebuilt = System.nanoTime();
    if (!lost.isEmpty() && lost.size() == restoring.size() && portsHeld) {
      // Not one call could bind its ports: the holder is alive (it paused past the TTL). Give the
      // node back and keep watching; its calls stay in Redis for it.
      log.warn(
          "relay node {}: claimed, but the calls' ports are still bound here; the holder is"
              + " alive: giving the node back",
          settings.node());
      write
          .sync()
          .eval(
              "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1])"
                  + " end return 0",
              ScriptOutputType.INTEGER,
              new String[] {heartbeatKey},
              id);
      return false;
    }
    becomeActive(start);
    for (String key : lost) {
      writer(key).delete(key); // the call is gone: no orphan key
    }
    log.info(
        "relay node {}: taken over, {} call(s) restored, {} failed, in {} ms (read {} ms, rebuilt"
            + " {} ms, serving {} ms)",
        settings.node(),
        restores.size() - lost.size(),
        failedRestores.get(),
        lastTakeoverMillis,
        TimeUnit.NANOSECONDS.toMillis(readDone - start),
        TimeUnit.NANOSECONDS.toMillis(rebuilt - readDone),
        lastTakeoverMillis - TimeUnit.NANOSECONDS.toMillis(rebuilt - start));
    return true;
  }

  private void becomeActive(long start) {
    StateWriter[] w = new StateWriter[settings.writers()];
    for (int i = 0; i < w.length; i++) {
      int shard = i;
      w[i] =
          new StateWriter(
              writeLink,
              prefix + "marker:" + i,
              settings.queueCapacity(),
              MARKER_INTERVAL,
              () -> stateLost(shard));
    }
    writers = w;
    active = true;
    try {
      role.active();
    } catch (Exception e) {
      log.error("relay node {}: cannot serve after the takeover", settings.node(), e);
      active = false;
      role.fenced("cannot serve: " + e);
    }
    lastTakeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static void closeQuietly(StatefulRedisConnection<String, byte[]> c) {
    if (c != null) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // already broken
      }
    }
  }

  private static void sleepMillis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- stopping ------------------------------------------------------------------------------

  /**
   * Stops writing without deleting anything: the calls stay in Redis for the process that takes the
   * node next (call it before the relay deletes its calls at shutdown). Pending writes are flushed
   * for up to a second.
   */
  public void detach() {
    if (detached) {
      return;
    }
    detached = true;
    StateWriter[] w = writers;
    if (w != null) {
      for (StateWriter s : w) {
        s.close(Duration.ofSeconds(1));
      }
    }
  }

  /**
   * Detaches, stops the heartbeat and releases the node (its heartbeat key is deleted, so a standby
   * takes over at once), then closes the links. Call it after the relay closed its sockets.
   */
  @Override
  public void close() {
    detach();
    running = false;
    heartbeat.interrupt();
    try {
      heartbeat.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    maintenance.shutdownNow();
    if (active) {
      try (StatefulRedisConnection<String, byte[]> c = writeLink.connect()) {
        c.sync()
            .eval(
                "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1])"
                    + " end return 0",
                ScriptOutputType.INTEGER,
                new String[] {heartbeatKey},
                id);
      } catch (RuntimeException e) {
        log.warn("relay node {}: heartbeat not released: {}", settings.node(), e.toString());
      }
      active = false;
    }
    if (writeLink != readLink) {
      writeLink.close();
    }
    readLink.close();
  }
}
