package io.isthmus.proxy.dispatcher;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Active calls per gateway, for the call-load algorithm (10) and for listings. The proxy core calls
 * {@link #started} when it sends a call to a gateway and {@link #ended} when that call is over
 * there (BYE, CANCEL, a final failure, or failover to the next gateway), like {@code
 * ds_load_update} / {@code ds_load_unset}.
 *
 * <p>Counters are keyed by set and {@code duid=} (case-insensitive, as Kamailio): gateways of a set
 * that share a duid are one machine reached by several URIs and share one counter. A gateway
 * without duid counts under its URI (Kamailio refuses alg 10 for it and falls back to hashing the
 * Call-ID). Counters survive reloads, so calls in progress stay counted. Lock-free (one atomic
 * integer per key).
 */
public final class CallLoad {
  private final Map<LoadKey, AtomicInteger> counters = new ConcurrentHashMap<>();

  private record LoadKey(int setId, String id) {}

  /** The counter shared by every gateway of the set with the same duid. */
  AtomicInteger counter(Gateway gw) {
    return counters.computeIfAbsent(key(gw), k -> new AtomicInteger());
  }

  /** A call was sent to {@code gw}. */
  public void started(Gateway gw) {
    counter(gw).incrementAndGet();
  }

  /** A call on {@code gw} ended; never goes below zero. */
  public void ended(Gateway gw) {
    counter(gw).getAndUpdate(n -> n > 0 ? n - 1 : 0);
  }

  /** Calls in progress on {@code gw} (and the gateways sharing its duid). */
  public int active(Gateway gw) {
    AtomicInteger c = counters.get(key(gw));
    return c == null ? 0 : c.get();
  }

  private static LoadKey key(Gateway gw) {
    String duid = gw.attrs().duid();
    String id = duid != null ? "duid:" + duid : "uri:" + gw.key().uri();
    return new LoadKey(gw.setId(), id.toLowerCase(Locale.ROOT));
  }
}
