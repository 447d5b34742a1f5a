package io.isthmus.app.config;

import io.isthmus.ha.proxy.ProxyHaSettings;
import io.isthmus.ha.redis.RedisSettings;
import java.time.Duration;

/** Binds {@code ha:} to a {@link HaConfig}. */
final class HaReader {
  private static final Converter<String> NODE_ID =
      Converter.of(
          "a node id",
          "1 to 64 of A-Z a-z 0-9 . _ -",
          text -> {
            if (!ProxyHaSettings.NODE_ID.matcher(text).matches()) {
              throw new IllegalArgumentException();
            }
            return text;
          });

  private HaReader() {}

  /** The section, or {@link HaConfig#OFF} when absent; null after an error. */
  static HaConfig read(MappingReader root) {
    if (!root.has(IsthmusConfig.KEY_HA)) {
      return HaConfig.OFF;
    }
    MappingReader m =
        root.section(IsthmusConfig.KEY_HA, "the keys redis, node-id, ttl-margin, ...");
    int before = m.errors().size();
    String redis = m.required(HaConfig.KEY_REDIS, Converters.TEXT);
    Duration timeout =
        m.positiveDuration(HaConfig.KEY_COMMAND_TIMEOUT, RedisSettings.DEFAULT_TIMEOUT);
    String nodeId = m.value(HaConfig.KEY_NODE_ID, ProxyHaSettings.DEFAULT_NODE_ID, NODE_ID);
    Duration margin =
        m.positiveDuration(HaConfig.KEY_TTL_MARGIN, ProxyHaSettings.DEFAULT_TTL_MARGIN);
    int capacity =
        m.value(
            HaConfig.KEY_QUEUE_CAPACITY,
            ProxyHaSettings.DEFAULT_QUEUE_CAPACITY,
            Converters.integer("a number of keys", 1, 100_000_000));
    Duration marker =
        m.positiveDuration(HaConfig.KEY_MARKER_INTERVAL, ProxyHaSettings.DEFAULT_MARKER_INTERVAL);
    Duration load =
        m.positiveDuration(HaConfig.KEY_LOAD_TIMEOUT, ProxyHaSettings.DEFAULT_LOAD_TIMEOUT);
    m.finish();
    if (m.errors().size() != before || redis == null) {
      return null;
    }
    RedisSettings settings;
    try {
      settings = RedisSettings.parse(redis, timeout);
    } catch (IllegalArgumentException e) {
      String key = m.path(HaConfig.KEY_REDIS);
      m.errors()
          .add(
              m.lines().of(key),
              key,
              e.getMessage()
                  + " (expected [PASSWORD@]HOST:PORT[/DB], e.g. 127.0.0.1:6379, or"
                  + " redis-sentinel://HOST:26379/0#MASTER)");
      return null;
    }
    return new HaConfig(
        redis, new ProxyHaSettings(settings, nodeId, margin, capacity, marker, load));
  }
}
