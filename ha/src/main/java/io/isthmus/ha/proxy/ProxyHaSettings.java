package io.isthmus.ha.proxy;

import io.isthmus.ha.redis.RedisSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the proxy keeps its dialogs in Redis ({@code ha:} in isthmus.yaml, docs/ha.md).
 *
 * @param redis where Redis is (rtpengine's {@code [PW@]HOST:PORT/DB}, or a Sentinel URI)
 * @param nodeId this proxy's name in the keys ({@code isthmus:proxy:NODE:...}): a restarted proxy,
 *     or a standby taking over its addresses, uses the same one and carries its dialogs on
 * @param ttlMargin how long a dialog key outlives the dialog's own expiry: Redis drops the keys of
 *     a proxy that died for good, never a live dialog's
 * @param queueCapacity the most dialog keys waiting to be written while Redis is slow or away
 * @param markerInterval how often the writer checks whether Redis lost its keys (restart, flush)
 * @param loadTimeout how long a starting proxy waits for Redis to read the dialogs back
 */
public record ProxyHaSettings(
    RedisSettings redis,
    String nodeId,
    Duration ttlMargin,
    int queueCapacity,
    Duration markerInterval,
    Duration loadTimeout) {

  /** The node id when none is configured. */
  public static final String DEFAULT_NODE_ID = "proxy";

  /** 1 min: a key is never gone before its dialog, and never far after it. */
  public static final Duration DEFAULT_TTL_MARGIN = Duration.ofMinutes(1);

  /** 100,000 keys: over 15 minutes of 100 calls/s (two writes each) without Redis. */
  public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

  /** 1 s: a restarted or flushed Redis is rewritten within about a second of its return. */
  public static final Duration DEFAULT_MARKER_INTERVAL = Duration.ofSeconds(1);

  /** 5 s: a start waits this long for Redis, then starts without the old dialogs. */
  public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(5);

  /** What a node id may contain: it becomes part of Redis keys and of SCAN patterns. */
  public static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public ProxyHaSettings {
    Objects.requireNonNull(redis, "redis");
    if (!NODE_ID.matcher(nodeId).matches()) {
      throw new IllegalArgumentException(
          "node id must be 1 to 64 of A-Z a-z 0-9 . _ - (it is part of Redis keys): " + nodeId);
    }
    if (queueCapacity <= 0) {
      throw new IllegalArgumentException("queue capacity must be positive");
    }
    for (Duration d : new Duration[] {ttlMargin, markerInterval, loadTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("durations must be positive: " + d);
      }
    }
  }

  /** The prefix of every key of this proxy. */
  String prefix() {
    return "isthmus:proxy:" + nodeId + ":";
  }

  /** The key of one dialog. Tags are SIP tokens, without ':', so the last ':' splits it. */
  String dialogKey(String callId, String calleeTag) {
    return prefix() + "dialog:" + callId + ":" + calleeTag;
  }

  /** The SCAN pattern of this proxy's dialog keys. */
  String dialogPattern() {
    return prefix() + "dialog:*";
  }

  /**
   * The key that says relay node {@code relayNode} is drained ({@code ctl relay drain}): it exists
   * while the node is, so a restarted or standby proxy keeps it drained.
   */
  String drainKey(String relayNode) {
    return prefix() + "drain:" + relayNode;
  }

  /** The SCAN pattern of this proxy's drain keys. */
  String drainPattern() {
    return prefix() + "drain:*";
  }

  /** The writer's marker ({@link io.isthmus.ha.redis.StateWriter}). */
  String markerKey() {
    return prefix() + "marker";
  }

  /**
   * The route-signing key, shared by every proxy on this Redis (not per node): any of them verifies
   * the Record-Routes another signed, so a standby with another node id takes over too.
   */
  static final String ROUTE_KEY = "isthmus:proxy:route-key";
}
