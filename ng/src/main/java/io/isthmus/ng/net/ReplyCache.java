package io.isthmus.ng.net;

import io.isthmus.ng.bencode.BString;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replies by cookie, so that a retransmitted request is answered with the byte-identical reply and
 * never executed twice (NG is over UDP: Kamailio resends after its timeout, with the same cookie).
 *
 * <p>rtpengine keeps replies in two generations swapped every 30 s (an entry lives 30 to 60 s); we
 * keep each reply exactly {@code ttl} after it was made. A duplicate that arrives while the first
 * request is still executing waits for it, as in rtpengine: its sender is recorded and receives the
 * reply when it is ready.
 *
 * <p>Not thread-safe: owned by the server's event loop, like every piece of state of a channel.
 * Time is passed in (monotonic nanoseconds), so expiry is tested without waiting.
 */
public final class ReplyCache {
  /** rtpengine's lower bound for how long a reply stays cached. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

  private static final int MAX_WAITERS = 8;

  private final long ttlNanos;
  private final long maxBytes;
  private final Map<BString, Entry> entries = new HashMap<>();
  private final ArrayDeque<Entry> completed = new ArrayDeque<>(); // in expiry order
  private long bytes;

  /** What to do with a request, by its cookie. */
  public sealed interface Lookup {}

  /** First time this cookie is seen: execute the request, then {@link #complete}. */
  public record Execute() implements Lookup {}

  /** The request is executing; the sender was recorded and will get the reply. */
  public record InProgress() implements Lookup {}

  /** Answer with these bytes again. */
  public record Cached(byte[] reply) implements Lookup {}

  private static final Execute EXECUTE = new Execute();
  private static final InProgress IN_PROGRESS = new InProgress();

  private static final class Entry {
    final BString cookie;
    byte[] reply; // null while executing
    long expiresAt;
    List<InetSocketAddress> waiters = List.of();

    Entry(BString cookie) {
      this.cookie = cookie;
    }
  }

  /**
   * A cache keeping replies for {@code ttl}, evicting the oldest early once they hold more than
   * {@code maxBytes}.
   */
  public ReplyCache(Duration ttl, long maxBytes) {
    this.ttlNanos = ttl.toNanos();
    this.maxBytes = maxBytes;
  }

  /** A cache with the 30 s TTL and room for 64 MiB of replies. */
  public ReplyCache() {
    this(DEFAULT_TTL, 64L << 20);
  }

  /** Looks {@code cookie} up; the first lookup of a cookie registers it as executing. */
  public Lookup lookup(BString cookie, InetSocketAddress sender, long nowNanos) {
    expire(nowNanos);
    Entry e = entries.get(cookie);
    if (e == null) {
      BString owned = BString.wrap(cookie.asBytes()); // the cookie may be a view of a datagram
      entries.put(owned, new Entry(owned));
      return EXECUTE;
    }
    if (e.reply != null) {
      return new Cached(e.reply);
    }
    if (e.waiters.size() < MAX_WAITERS && !e.waiters.contains(sender)) {
      if (e.waiters.isEmpty()) {
        e.waiters = new ArrayList<>(2);
      }
      e.waiters.add(sender);
    }
    return IN_PROGRESS;
  }

  /**
   * Stores the reply of an executed request; returns the senders of duplicates that arrived
   * meanwhile, to send it to as well.
   */
  public List<InetSocketAddress> complete(BString cookie, byte[] reply, long nowNanos) {
    Entry e = entries.get(cookie);
    if (e == null || e.reply != null) {
      throw new IllegalStateException("no request executing for cookie " + cookie);
    }
    e.reply = reply;
    e.expiresAt = nowNanos + ttlNanos;
    completed.addLast(e);
    bytes += reply.length;
    List<InetSocketAddress> waiters = e.waiters;
    e.waiters = List.of();
    while (bytes > maxBytes && !completed.isEmpty()) {
      evict(completed.pollFirst());
    }
    return waiters;
  }

  /** Number of cookies known (executing or answered). */
  public int size() {
    return entries.size();
  }

  private void expire(long nowNanos) {
    Entry head;
    while ((head = completed.peekFirst()) != null && head.expiresAt - nowNanos <= 0) {
      evict(completed.pollFirst());
    }
  }

  private void evict(Entry e) {
    entries.remove(e.cookie, e);
    bytes -= e.reply.length;
  }
}
