package io.isthmus.proxy.flood;

import io.isthmus.common.time.Clock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flood protection at the edge, per source address and per network (Kamailio's pike): each source
 * has a token bucket (kept as GCRA's theoretical arrival time in one AtomicLong, so checking a
 * packet takes no lock and allocates nothing); a source over its rate, or one whose User-Agent
 * names a scanner, is blocked for the block time and everything it sends is refused, counted. The
 * number of TCP/TLS connections one source holds is capped. Trusted sources (gateways known by
 * address) are exempt.
 *
 * <p>Any loop calls it; the table is a ConcurrentHashMap keyed by the packet's own InetAddress.
 * Idle sources are swept when the table grows, so a spoofed-address flood cannot grow memory
 * without bound: at most {@link #MAX_SOURCES} entries.
 */
public final class FloodGuard {
  private static final Logger LOG = LoggerFactory.getLogger(FloodGuard.class);

  /** Sources tracked at most; beyond, idle ones are swept and new unknown ones pass uncounted. */
  public static final int MAX_SOURCES = 100_000;

  /** The outcome for one packet. */
  public enum Verdict {
    PASS,
    /** Over the limit or blocked: drop it. */
    DROP,
    /** Over the limit or blocked: answer 503 (the network's setting). */
    REJECT
  }

  /** One source's state. */
  private static final class Source {
    final String network;
    final AtomicLong tat = new AtomicLong(); // GCRA theoretical arrival time, nanos
    volatile long blockedUntil; // nanos; 0: not blocked
    final LongAdder refused = new LongAdder();
    final LongAdder requests = new LongAdder();
    final AtomicInteger connections = new AtomicInteger();
    volatile long lastSeen;
    volatile String why = "";

    Source(String network, long now) {
      this.network = network;
      this.tat.set(now);
      this.lastSeen = now;
    }
  }

  /**
   * A blocked source as the admin API shows it.
   *
   * @param refused its messages refused (while blocked, and the one that blocked it)
   * @param requests every message of it the guard has seen, refused or passed
   */
  public record Blocked(
      String address,
      String network,
      String why,
      long refused,
      long requests,
      Duration remaining) {}

  /** The guard's totals. */
  public record Totals(
      long refused, long blocks, long scanners, long connectionsRefused, int blockedNow) {}

  private final Map<String, FloodSettings> byNetwork;
  private final Predicate<InetAddress> exempt;
  private final Clock clock;
  private final ConcurrentHashMap<InetAddress, Source> sources = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();
  private final LongAdder blocks = new LongAdder();
  private final LongAdder scanners = new LongAdder();
  private final LongAdder connectionsRefused = new LongAdder();

  /**
   * @param byNetwork the limits of each network that has any, by network name
   * @param exempt sources never limited (trusted gateways)
   */
  public FloodGuard(
      Map<String, FloodSettings> byNetwork, Predicate<InetAddress> exempt, Clock clock) {
    this.byNetwork = Map.copyOf(byNetwork);
    this.exempt = exempt;
    this.clock = clock;
  }

  /** True when some network has limits. */
  public boolean active() {
    return !byNetwork.isEmpty();
  }

  /** The limits of {@code network}, or null. */
  public FloodSettings settings(String network) {
    return byNetwork.get(network);
  }

  /** One request (or response) from {@code source} on {@code network}. */
  public Verdict packet(String network, InetAddress source) {
    FloodSettings s = byNetwork.get(network);
    if (s == null) {
      return Verdict.PASS;
    }
    long now = clock.nanos();
    Source src = sources.get(source);
    if (src == null) {
      if (exempt.test(source)) {
        return Verdict.PASS;
      }
      src = track(network, source, now);
      if (src == null) {
        return Verdict.PASS;
      }
    }
    src.lastSeen = now;
    src.requests.increment();
    long until = src.blockedUntil;
    if (until != 0) {
      if (now - until < 0) {
        return refuse(src, s);
      }
      src.blockedUntil = 0; // block over: judged afresh
      src.tat.set(now);
      LOG.info("source {} unblocked on network {} (block time over)", source, network);
    }
    long interval = (long) (1_000_000_000L / s.rate());
    long tolerance = interval * (s.burst() - 1L);
    while (true) {
      long tat = src.tat.get();
      long t = Math.max(tat, now);
      if (t - now > tolerance) {
        block(src, source, s, now, "rate over " + rateText(s.rate()) + "/s");
        return refuse(src, s);
      }
      if (src.tat.compareAndSet(tat, t + interval)) {
        return Verdict.PASS;
      }
    }
  }

  /**
   * A request's User-Agent, checked against the network's scanner list: a scanner's source is
   * blocked and this request refused.
   */
  public Verdict userAgent(String network, InetAddress source, String userAgent) {
    FloodSettings s = byNetwork.get(network);
    if (s == null || !s.scanner(userAgent) || exempt.test(source)) {
      return Verdict.PASS;
    }
    long now = clock.nanos();
    Source src = sources.get(source);
    if (src == null) {
      src = track(network, source, now);
      if (src == null) {
        return Verdict.DROP;
      }
    }
    scanners.increment();
    if (src.blockedUntil == 0) {
      block(src, source, s, now, "scanner User-Agent '" + userAgent + "'");
    }
    return refuse(src, s);
  }

  /** Whether a new connection may stay open, and whether it was counted against its source. */
  public enum Admission {
    REFUSED,
    /** Admitted, not counted (no limits on the network, or a trusted source). */
    UNCOUNTED,
    /** Admitted and counted: call {@link #connectionClosed} when it closes. */
    COUNTED
  }

  /** A new TCP/TLS connection from {@code source}, refused when it would exceed the cap. */
  public Admission connectionOpened(String network, InetAddress source) {
    FloodSettings s = byNetwork.get(network);
    if (s == null || exempt.test(source)) {
      return Admission.UNCOUNTED;
    }
    long now = clock.nanos();
    Source src = sources.get(source);
    if (src == null) {
      src = track(network, source, now);
      if (src == null) {
        return Admission.UNCOUNTED;
      }
    }
    src.lastSeen = now;
    long until = src.blockedUntil;
    if (until != 0 && now - until < 0) {
      connectionsRefused.increment();
      src.refused.increment();
      return Admission.REFUSED;
    }
    int open = src.connections.incrementAndGet();
    if (s.maxConnections() > 0 && open > s.maxConnections()) {
      src.connections.decrementAndGet();
      connectionsRefused.increment();
      src.refused.increment();
      return Admission.REFUSED;
    }
    return Admission.COUNTED;
  }

  /** A connection counted by {@link #connectionOpened} closed. */
  public void connectionClosed(InetAddress source) {
    Source src = sources.get(source);
    if (src != null) {
      src.connections.decrementAndGet();
    }
  }

  /**
   * Lifts the block of {@code source} ({@code ctl unblock}).
   *
   * @return true when it was blocked
   */
  public boolean unblock(InetAddress source) {
    Source src = sources.get(source);
    if (src == null || src.blockedUntil == 0) {
      return false;
    }
    src.blockedUntil = 0;
    src.tat.set(clock.nanos());
    LOG.info("source {} unblocked by hand", source);
    return true;
  }

  /** The sources blocked now, most refused first. */
  public List<Blocked> blocked() {
    long now = clock.nanos();
    List<Blocked> out = new ArrayList<>();
    for (Map.Entry<InetAddress, Source> e : sources.entrySet()) {
      Source s = e.getValue();
      long until = s.blockedUntil;
      if (until != 0 && now - until < 0) {
        out.add(
            new Blocked(
                e.getKey().getHostAddress(),
                s.network,
                s.why,
                s.refused.sum(),
                s.requests.sum(),
                Duration.ofNanos(until - now)));
      }
    }
    out.sort(Comparator.comparingLong(Blocked::refused).reversed());
    return out;
  }

  public Totals totals() {
    return new Totals(
        refused.sum(), blocks.sum(), scanners.sum(), connectionsRefused.sum(), blocked().size());
  }

  /** 50 rather than 50.0: the rate as the config wrote it (off the packet path: once a block). */
  private static String rateText(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }

  /** Sources in the table now (the memory bound's test). */
  public int trackedSources() {
    return sources.size();
  }

  private Source track(String network, InetAddress source, long now) {
    if (sources.size() >= MAX_SOURCES) {
      sweep(now);
      if (sources.size() >= MAX_SOURCES) {
        return null;
      }
    }
    return sources.computeIfAbsent(source, a -> new Source(network, now));
  }

  /** Drops sources neither blocked, connected nor seen within their block time (or 10 s). */
  private void sweep(long now) {
    sources
        .entrySet()
        .removeIf(
            e -> {
              Source s = e.getValue();
              FloodSettings f = byNetwork.get(s.network);
              long keep =
                  Math.max(
                      Duration.ofSeconds(10).toNanos(), f == null ? 0 : f.blockTime().toNanos());
              return s.blockedUntil == 0 && s.connections.get() <= 0 && now - s.lastSeen > keep;
            });
  }

  private void block(Source src, InetAddress source, FloodSettings s, long now, String why) {
    long until = now + Math.max(1, s.blockTime().toNanos());
    if (until == 0) {
      until = 1;
    }
    src.blockedUntil = until;
    src.why = why;
    blocks.increment();
    LOG.warn(
        "source {} blocked on network {} for {}: {}",
        source.getHostAddress(),
        src.network,
        s.blockTime(),
        why);
  }

  private Verdict refuse(Source src, FloodSettings s) {
    refused.increment();
    src.refused.increment();
    return s.reject503() ? Verdict.REJECT : Verdict.DROP;
  }
}
