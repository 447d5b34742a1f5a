package io.isthmus.ha.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes state to Redis from a thread of its own, so that the loops that own calls never wait on
 * Redis. {@link #put} and {@link #delete} may be called from any thread and return at once: they
 * record the latest operation of a key, replacing one not yet written (a call whose state changes
 * three times while Redis is slow costs one write, not three). The queue is bounded by {@code
 * capacity} distinct keys; past it new keys are refused and counted, and the owner is asked to
 * rewrite everything once Redis keeps up again. Operations that fail (Redis down, timeout) stay
 * queued and are retried, newest first wins.
 *
 * <p>Redis can also lose what was written (a restart without persistence, a {@code FLUSHALL}, a
 * Sentinel failover to an empty replica). The writer notices through a marker key it sets with
 * {@code SET NX}: when that succeeds again, the marker was gone, and so is everything else; the
 * owner's {@code onStateLost} is then run (on the writer thread) to put every live entry again.
 */
public final class StateWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StateWriter.class);
  private static final int BATCH = 512;
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final byte[] MARKER_VALUE = "1".getBytes(StandardCharsets.US_ASCII);

  /** A key's latest pending operation: a value to set (with a TTL, 0 for none) or a delete. */
  private record Op(byte[] value, long ttlMillis) {
    boolean isDelete() {
      return value == null;
    }
  }

  /** Counters of one writer, for /metrics and the status page. */
  public record Stats(
      boolean connected,
      long pending,
      long written,
      long failedBatches,
      long refused,
      long stateLost,
      long markerChecks) {}

  private final RedisLink link;
  private final String markerKey;
  private final int capacity;
  private final long markerIntervalNanos;
  private final Runnable onStateLost;
  private final Map<String, Op> pending = new ConcurrentHashMap<>();
  private final Queue<String> order = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean parked = new AtomicBoolean();
  private final AtomicBoolean refusedSinceRewrite = new AtomicBoolean();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong stateLost = new AtomicLong();
  private final AtomicLong markerChecks = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean connected;
  private StatefulRedisConnection<String, byte[]> connection; // writer thread only
  private boolean markerSeen; // writer thread only: the marker was set once by this writer

  /**
   * Starts the writer thread.
   *
   * @param markerKey a key only this writer sets (e.g. {@code isthmus:relay:NODE:marker})
   * @param capacity the most distinct keys waiting to be written
   * @param markerInterval how often the marker is checked, i.e. how soon a lost Redis is noticed
   * @param onStateLost run on the writer thread when Redis lost this writer's state (or refused
   *     operations were dropped): put every live entry again; it must not block on a call's loop
   *     for long
   */
  public StateWriter(
      RedisLink link,
      String markerKey,
      int capacity,
      Duration markerInterval,
      Runnable onStateLost) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.link = Objects.requireNonNull(link, "link");
    this.markerKey = Objects.requireNonNull(markerKey, "markerKey");
    this.capacity = capacity;
    this.markerIntervalNanos = markerInterval.toNanos();
    this.onStateLost = Objects.requireNonNull(onStateLost, "onStateLost");
    this.thread = Thread.ofPlatform().daemon().name("isthmus-redis-writer").unstarted(this::run);
    thread.start();
  }

  /**
   * Records {@code value} as the latest state of {@code key}, kept by Redis for {@code ttl} (zero
   * for no expiry). Returns false when the queue is full and the key was not already waiting.
   */
  public boolean put(String key, byte[] value, Duration ttl) {
    return offer(key, new Op(Objects.requireNonNull(value, "value"), ttl.toMillis()));
  }

  /** Records the deletion of {@code key}; false when refused as {@link #put} is. */
  public boolean delete(String key) {
    return offer(key, new Op(null, 0));
  }

  private boolean offer(String key, Op op) {
    if (pending.size() >= capacity && !pending.containsKey(key)) {
      refused.incrementAndGet();
      refusedSinceRewrite.set(true);
      return false;
    }
    if (pending.put(key, op) == null) {
      order.add(key);
    }
    if (parked.get()) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  public Stats stats() {
    return new Stats(
        connected,
        pending.size(),
        written.get(),
        failedBatches.get(),
        refused.get(),
        stateLost.get(),
        markerChecks.get());
  }

  private void run() {
    long backoff = TimeUnit.MILLISECONDS.toNanos(50);
    long nextMarker = System.nanoTime();
    while (running) {
      try {
        if (connection == null) {
          connection = link.connect();
          connection.setAutoFlushCommands(false);
          log.info("redis {}: connected", link.settings());
        }
        long now = System.nanoTime();
        if (now - nextMarker >= 0) {
          checkMarker();
          nextMarker = now + markerIntervalNanos;
        }
        connected = true;
        if (!writeBatch()) {
          park(nextMarker - System.nanoTime());
        }
        backoff = TimeUnit.MILLISECONDS.toNanos(50);
      } catch (RuntimeException e) {
        if (connected || backoff == TimeUnit.MILLISECONDS.toNanos(50)) {
          log.warn(
              "redis {}: {}; state writes wait and are retried", link.settings(), e.toString());
        }
        connected = false;
        failedBatches.incrementAndGet();
        nextMarker = System.nanoTime(); // after a failure, check at once whether Redis lost state
        LockSupport.parkNanos(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
      }
    }
  }

  private void park(long nanos) {
    parked.set(true);
    if (order.isEmpty() && running) {
      LockSupport.parkNanos(Math.max(nanos, TimeUnit.MILLISECONDS.toNanos(1)));
    }
    parked.set(false);
  }

  /** SET NX on the marker: success after the first time means Redis lost our keys. */
  private void checkMarker() {
    RedisAsyncCommands<String, byte[]> async = connection.async();
    RedisFuture<String> set = async.set(markerKey, MARKER_VALUE, SetArgs.Builder.nx());
    connection.flushCommands();
    String reply = await(set, link.settings().commandTimeout());
    boolean lost = "OK".equals(reply) && markerSeen;
    markerSeen = true;
    markerChecks.incrementAndGet();
    // Both conditions are consumed by one rewrite: a lost Redis and refusals while it was gone
    // must ask the owner once, not once now and again at the next check.
    boolean refusals = refusedSinceRewrite.getAndSet(false);
    if (lost || refusals) {
      stateLost.incrementAndGet();
      log.warn("redis {}: state lost or incomplete; rewriting every live entry", link.settings());
      onStateLost.run();
    }
  }

  /** Writes up to one batch; returns false when nothing was pending. */
  private boolean writeBatch() {
    List<String> keys = new ArrayList<>(Math.min(BATCH, Math.max(1, pending.size())));
    List<Op> ops = new ArrayList<>(keys.size());
    String key;
    while (keys.size() < BATCH && (key = order.poll()) != null) {
      Op op = pending.remove(key);
      if (op != null) {
        keys.add(key);
        ops.add(op);
      }
    }
    if (keys.isEmpty()) {
      return false;
    }
    RedisAsyncCommands<String, byte[]> async = connection.async();
    RedisFuture<?>[] futures = new RedisFuture<?>[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      Op op = ops.get(i);
      futures[i] =
          op.isDelete()
              ? async.del(keys.get(i))
              : op.ttlMillis() > 0
                  ? async.set(keys.get(i), op.value(), SetArgs.Builder.px(op.ttlMillis()))
                  : async.set(keys.get(i), op.value());
    }
    connection.flushCommands();
    boolean ok;
    try {
      ok =
          LettuceFutures.awaitAll(
              link.settings().commandTimeout().toMillis(), TimeUnit.MILLISECONDS, futures);
    } catch (RuntimeException e) {
      ok = false;
    }
    int done = 0;
    for (int i = 0; i < keys.size(); i++) {
      if (ok || (succeeded(futures[i]))) {
        done++;
      } else if (pending.putIfAbsent(keys.get(i), ops.get(i)) == null) {
        order.add(keys.get(i)); // not written, and nothing newer came: retry it
      }
    }
    written.addAndGet(done);
    if (done < keys.size()) {
      throw new IllegalStateException(
          (keys.size() - done) + " of " + keys.size() + " writes failed");
    }
    return true;
  }

  private static boolean succeeded(RedisFuture<?> f) {
    return f.isDone() && !f.toCompletableFuture().isCompletedExceptionally();
  }

  private static <T> T await(RedisFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Writes what is pending for up to {@code drainTimeout}, then stops the thread and closes the
   * connection. The link stays open (its owner closes it).
   */
  public void close(Duration drainTimeout) {
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    while (!pending.isEmpty() && connected && System.nanoTime() < deadline) {
      LockSupport.unpark(thread);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (connection != null) {
      connection.close();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(1));
  }
}
