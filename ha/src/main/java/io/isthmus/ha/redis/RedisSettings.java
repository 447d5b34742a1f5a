package io.isthmus.ha.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where Redis is and how long a command may take. {@link #parse} reads rtpengine's {@code redis}
 * syntax, {@code [PASSWORD@]HOST:PORT[/DB]} (what operators already have in rtpengine.conf), and
 * Lettuce's URIs ({@code redis://...}, {@code redis-sentinel://h1:26379,h2:26379/0#master}) for
 * Sentinel failover.
 */
public record RedisSettings(RedisURI uri, Duration commandTimeout) {

  /** rtpengine's default: a command that takes longer than this counts as failed. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  public RedisSettings {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    if (commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("redis command timeout must be positive");
    }
  }

  /** Parses {@code text}; throws IllegalArgumentException with a reason a config error can show. */
  public static RedisSettings parse(String text, Duration commandTimeout) {
    String t = text.strip();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty redis address");
    }
    if (t.startsWith("redis://")
        || t.startsWith("rediss://")
        || t.startsWith("redis-sentinel://")) {
      try {
        RedisURI uri = RedisURI.create(t);
        uri.setTimeout(commandTimeout);
        return new RedisSettings(uri, commandTimeout);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a redis URI: " + t + " (" + e.getMessage() + ")");
      }
    }
    String password = null;
    int at = t.lastIndexOf('@');
    if (at >= 0) {
      password = t.substring(0, at);
      t = t.substring(at + 1);
    }
    int database = 0;
    int slash = t.indexOf('/');
    if (slash >= 0) {
      database = number(t.substring(slash + 1), "database", 0, 1 << 16);
      t = t.substring(0, slash);
    }
    int colon = t.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "redis address needs HOST:PORT (rtpengine syntax [PASSWORD@]HOST:PORT[/DB]): " + text);
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = number(t.substring(colon + 1), "port", 1, 65535);
    RedisURI.Builder b =
        RedisURI.Builder.redis(host, port).withDatabase(database).withTimeout(commandTimeout);
    if (password != null && !password.isEmpty()) {
      b.withPassword(password.toCharArray());
    }
    return new RedisSettings(b.build(), commandTimeout);
  }

  private static int number(String s, String what, int min, int max) {
    try {
      int n = Integer.parseInt(s);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "redis " + what + " must be a number from " + min + " to " + max + ": '" + s + "'");
    }
  }

  /** host:port/db (or the sentinel URI) without the password, for logs and the status page. */
  @Override
  public String toString() {
    if (!uri.getSentinels().isEmpty()) {
      return "sentinel "
          + uri.getSentinelMasterId()
          + " via "
          + uri.getSentinels().size()
          + " sentinel(s), db "
          + uri.getDatabase();
    }
    return uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
  }
}
