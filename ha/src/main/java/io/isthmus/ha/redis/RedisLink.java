package io.isthmus.ha.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Lettuce client for one Redis (or Sentinel-managed master): string keys, byte values. Opening
 * the link connects to nothing, so a process starts while Redis is down; {@link #connect} and
 * {@link #connectPubSub} block up to the command timeout and belong on threads of their own (never
 * on a call's event loop). Connections reconnect by themselves; while disconnected their commands
 * fail at once instead of queueing inside Lettuce, so the caller's own queue stays the only buffer
 * and its size the only one to watch.
 */
public final class RedisLink implements AutoCloseable {
  /** Codec of every connection: keys are text (readable in redis-cli), values are bytes. */
  public static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisSettings settings;
  private final ClientResources resources;
  private final RedisClient client;

  private RedisLink(RedisSettings settings) {
    this.settings = settings;
    // Two I/O threads are plenty for a state stream; Lettuce's default is one per core.
    // Reconnect within half a second of Redis's return (Lettuce's default backs off to 30 s): a
    // relay's heartbeat must be back before a standby's patience after an outage runs out.
    this.resources =
        DefaultClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(1)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources, settings.uri());
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
            .build());
  }

  /** Creates the client; connects nothing yet. */
  public static RedisLink open(RedisSettings settings) {
    return new RedisLink(settings);
  }

  public RedisSettings settings() {
    return settings;
  }

  /** A new connection; blocks up to the connect timeout; throws a Lettuce exception on failure. */
  public StatefulRedisConnection<String, byte[]> connect() {
    return client.connect(CODEC, settings.uri());
  }

  /** A new pub/sub connection (keyspace notifications); same blocking rules as {@link #connect}. */
  public StatefulRedisPubSubConnection<String, byte[]> connectPubSub() {
    return client.connectPubSub(CODEC, settings.uri());
  }

  /** Closes every connection of this link and its threads, waiting at most two seconds. */
  @Override
  public void close() {
    Duration grace = Duration.ofSeconds(2);
    client.shutdown(0, grace.toMillis(), TimeUnit.MILLISECONDS);
    resources.shutdown(0, grace.toMillis(), TimeUnit.MILLISECONDS);
  }
}
