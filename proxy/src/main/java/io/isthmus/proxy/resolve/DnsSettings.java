package io.isthmus.proxy.resolve;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how names are resolved (config {@code dns:}).
 *
 * @param servers the DNS servers to ask, in order (none: the host's {@code /etc/resolv.conf}
 *     servers, read once at start)
 * @param timeout how long one query may take before the next server is asked or it fails
 * @param maxTtl the longest a record is cached, whatever its TTL says
 */
public record DnsSettings(List<InetSocketAddress> servers, Duration timeout, Duration maxTtl) {

  /** Query timeout when none is configured. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Cache cap when none is configured: an hour. */
  public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(1);

  /** The host's servers, 2 s queries, records cached at most an hour. */
  public static final DnsSettings DEFAULTS =
      new DnsSettings(List.of(), DEFAULT_TIMEOUT, DEFAULT_MAX_TTL);

  public DnsSettings {
    servers = List.copyOf(servers);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(maxTtl, "maxTtl");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("DNS timeout must be positive");
    }
  }

  /** These settings asking only {@code server}. */
  public static DnsSettings server(InetSocketAddress server) {
    return new DnsSettings(List.of(server), DEFAULT_TIMEOUT, DEFAULT_MAX_TTL);
  }
}
