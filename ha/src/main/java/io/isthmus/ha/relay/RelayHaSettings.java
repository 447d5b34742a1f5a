package io.isthmus.ha.relay;

import io.isthmus.ha.redis.RedisSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How a relay replicates its calls to Redis and takes a node over.
 *
 * @param node the node's name: its keys are {@code isthmus:relay:NODE:...}; the relays that share a
 *     node (an active one and its standby) share the name, other active relays have their own
 * @param read where the heartbeat is watched and a takeover reads the calls (rtpengine's {@code
 *     redis})
 * @param write where calls, the heartbeat and the writers' markers are written (rtpengine's {@code
 *     redis-write}; the same as {@code read} unless given)
 * @param writers writer threads, calls spread over them by Call-ID (rtpengine's {@code
 *     redis-num-threads})
 * @param expires the TTL of a call's key, the safety net for a delete that never arrived
 *     (rtpengine's {@code redis-expires}); live calls are rewritten every third of it
 * @param heartbeatTtl the TTL of the node's heartbeat key, refreshed every fifth of it: how long a
 *     dead relay's node waits before its standby takes over
 * @param queueCapacity the most calls waiting to be written per writer
 * @param deleteDelay the NG delete-delay: a restored call with a pending deletion ends that long
 *     after the takeover
 * @param redisRequired whether the relay waits for Redis (and the node) before serving; false:
 *     serve at once when Redis is unreachable at start (rtpengine's {@code no-redis-required})
 */
public record RelayHaSettings(
    String node,
    RedisSettings read,
    RedisSettings write,
    int writers,
    Duration expires,
    Duration heartbeatTtl,
    int queueCapacity,
    Duration deleteDelay,
    boolean redisRequired) {

  /** rtpengine's {@code redis-expires} default: a day. */
  public static final Duration DEFAULT_EXPIRES = Duration.ofDays(1);

  public static final Duration DEFAULT_HEARTBEAT_TTL = Duration.ofSeconds(1);

  public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

  public RelayHaSettings {
    Objects.requireNonNull(node, "node");
    if (node.isEmpty() || !node.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "relay node name must be letters, digits, '.', '_' or '-': '" + node + "'");
    }
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(write, "write");
    if (writers < 1 || writers > 64) {
      throw new IllegalArgumentException("redis writer threads must be 1-64: " + writers);
    }
    if (expires.toSeconds() < 1) {
      throw new IllegalArgumentException("redis expires must be at least 1 s");
    }
    if (heartbeatTtl.toMillis() < 100) {
      throw new IllegalArgumentException("heartbeat TTL must be at least 100 ms");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue capacity must be positive");
    }
    Objects.requireNonNull(deleteDelay, "deleteDelay");
  }

  /** One Redis for everything, rtpengine's defaults otherwise. */
  public static RelayHaSettings of(String node, RedisSettings redis) {
    return new RelayHaSettings(
        node,
        redis,
        redis,
        1,
        DEFAULT_EXPIRES,
        DEFAULT_HEARTBEAT_TTL,
        DEFAULT_QUEUE_CAPACITY,
        Duration.ofSeconds(30),
        true);
  }

  public RelayHaSettings withHeartbeatTtl(Duration ttl) {
    return new RelayHaSettings(
        node, read, write, writers, expires, ttl, queueCapacity, deleteDelay, redisRequired);
  }

  public RelayHaSettings withDeleteDelay(Duration delay) {
    return new RelayHaSettings(
        node, read, write, writers, expires, heartbeatTtl, queueCapacity, delay, redisRequired);
  }
}
