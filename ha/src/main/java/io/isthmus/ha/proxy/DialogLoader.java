package io.isthmus.ha.proxy;

import io.isthmus.ha.redis.RedisLink;
import io.isthmus.proxy.core.DialogReplica;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads back, when a proxy starts, what an earlier process of the same node id left in Redis: every
 * dialog record (SCAN over the node's keys, MGET per page), the relay nodes it had drained, and the
 * shared route-signing key (set here with SET NX when no proxy set one yet). Blocking: runs on the
 * starting thread, never on a loop.
 */
final class DialogLoader {
  private static final Logger LOG = LoggerFactory.getLogger(DialogLoader.class);
  private static final int PAGE = 1000;

  /**
   * What was read.
   *
   * @param dialogs the dialogs readable
   * @param unreadable records that did not decode (logged, left to their TTL)
   * @param routeKey the route-signing key every proxy on this Redis uses
   * @param drained the relay nodes drained when the node's previous process stopped
   */
  record Loaded(
      List<DialogReplica> dialogs, int unreadable, byte[] routeKey, Set<String> drained) {}

  private DialogLoader() {}

  static Loaded load(RedisLink link, ProxyHaSettings settings) {
    try (StatefulRedisConnection<String, byte[]> c = link.connect()) {
      RedisCommands<String, byte[]> redis = c.sync();
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      redis.set(ProxyHaSettings.ROUTE_KEY, fresh, SetArgs.Builder.nx());
      byte[] routeKey = redis.get(ProxyHaSettings.ROUTE_KEY);
      List<DialogReplica> dialogs = new ArrayList<>();
      int unreadable = 0;
      ScanArgs args = ScanArgs.Builder.matches(settings.dialogPattern()).limit(PAGE);
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = redis.scan(cursor, args);
        if (!page.getKeys().isEmpty()) {
          for (KeyValue<String, byte[]> kv : redis.mget(page.getKeys().toArray(String[]::new))) {
            if (!kv.hasValue()) {
              continue; // ended between SCAN and MGET
            }
            try {
              dialogs.add(DialogCodec.decode(kv.getValue()));
            } catch (IOException | RuntimeException e) {
              unreadable++;
              LOG.warn("redis: dialog record {} unreadable: {}", kv.getKey(), e.toString());
            }
          }
        }
        cursor = page;
      } while (!cursor.isFinished());
      Set<String> drained = new TreeSet<>();
      String drainPrefix = settings.drainKey("");
      ScanArgs drains = ScanArgs.Builder.matches(settings.drainPattern()).limit(PAGE);
      cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = redis.scan(cursor, drains);
        for (String key : page.getKeys()) {
          drained.add(key.substring(drainPrefix.length()));
        }
        cursor = page;
      } while (!cursor.isFinished());
      return new Loaded(dialogs, unreadable, routeKey != null ? routeKey : fresh, drained);
    }
  }
}
