package io.isthmus.app.config;

import io.isthmus.ha.proxy.ProxyHaSettings;
import io.isthmus.ha.relay.RelayHaSettings;
import java.time.Duration;

/**
 * {@code ha:} state in Redis (docs/ha.md). Absent: every call lives in this process only, as the
 * shipped config and the README's {@code ./isthmus run} have it. Present: the proxy writes its
 * answered dialogs to Redis and a restarted proxy (or a standby with the same {@code node-id})
 * carries them on.
 *
 * @param redis the address as written, null when HA is off
 * @param settings what the proxy's replication runs with, null when HA is off
 */
public record HaConfig(String redis, ProxyHaSettings settings) {

  /**
   * Key of Redis's address: rtpengine's {@code redis} syntax {@code [PASSWORD@]HOST:PORT[/DB]}, or
   * a Sentinel URI {@code redis-sentinel://HOST:26379,HOST:26379/DB#MASTER}. No default: HA is an
   * operator's choice.
   */
  public static final String KEY_REDIS = "redis";

  /**
   * Key of this proxy's name in Redis keys; default {@value ProxyHaSettings#DEFAULT_NODE_ID}. A
   * standby that takes over this proxy's addresses uses the same one.
   */
  public static final String KEY_NODE_ID = "node-id";

  /** Key of a Redis command's time limit; default 1 s (rtpengine's {@code redis} timeout). */
  public static final String KEY_COMMAND_TIMEOUT = "command-timeout";

  /** Key of how long a dialog key outlives its dialog's expiry; default 1 min. */
  public static final String KEY_TTL_MARGIN = "ttl-margin";

  /** Key of the write queue's capacity in keys; default 100,000. */
  public static final String KEY_QUEUE_CAPACITY = "queue-capacity";

  /** Key of how often a lost Redis (restart, flush) is looked for; default 1 s. */
  public static final String KEY_MARKER_INTERVAL = "marker-interval";

  /** Key of how long a start waits to read the dialogs back; default 5 s. */
  public static final String KEY_LOAD_TIMEOUT = "load-timeout";

  /** HA off. */
  public static final HaConfig OFF = new HaConfig(null, null);

  public boolean enabled() {
    return settings != null;
  }

  /**
   * What the in-process relay of {@code isthmus run} replicates with: node {@code node-id}, the
   * same Redis, rtpengine's defaults otherwise; serving at once when Redis is unreachable at start
   * (the proxy starts without Redis too).
   */
  public RelayHaSettings relaySettings(Duration deleteDelay) {
    return new RelayHaSettings(
        settings.nodeId(),
        settings.redis(),
        settings.redis(),
        1,
        RelayHaSettings.DEFAULT_EXPIRES,
        RelayHaSettings.DEFAULT_HEARTBEAT_TTL,
        settings.queueCapacity(),
        deleteDelay,
        false);
  }

  /** For {@code isthmus check}: one line. */
  public String describe() {
    if (!enabled()) {
      return "ha: off (calls live in this process only)";
    }
    return "ha: proxy dialogs in redis "
        + settings.redis()
        + " as node "
        + settings.nodeId()
        + " (ttl margin "
        + Durations.format(settings.ttlMargin())
        + ", queue "
        + settings.queueCapacity()
        + " keys; the in-process relay of isthmus run: its calls, relay node "
        + settings.nodeId()
        + ")";
  }
}
