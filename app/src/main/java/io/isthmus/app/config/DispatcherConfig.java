package io.isthmus.app.config;

import io.isthmus.proxy.dispatcher.Algorithm;
import io.isthmus.proxy.dispatcher.DispatcherList;
import io.isthmus.proxy.dispatcher.DispatcherSettings;
import io.isthmus.proxy.dispatcher.StatusSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dispatcher:} the gateway sets (from a Kamailio list file or written inline), how a gateway
 * is picked, when a call fails over, and the probing of gateways.
 *
 * @param listFile the list file the sets were read from, resolved against the config's directory;
 *     empty when the sets are inline
 * @param gateways the sets, already read and checked (a reload re-reads the list file)
 * @param algorithm the algorithm of sets without their own
 * @param setAlgorithms algorithms of particular sets
 * @param failoverStatuses final responses that move a call to the next gateway
 * @param noResponseTimeout silence from a gateway after which the call moves on
 * @param hashUserOnly hash only the user part of From/To (algorithms 1 and 2)
 * @param probing the keepalive settings
 */
public record DispatcherConfig(
    Optional<Path> listFile,
    DispatcherList gateways,
    Algorithm algorithm,
    Map<Integer, Algorithm> setAlgorithms,
    StatusSet failoverStatuses,
    Duration noResponseTimeout,
    boolean hashUserOnly,
    ProbingConfig probing,
    Optional<io.isthmus.proxy.resolve.DnsSettings> dns) {

  /**
   * Key of the DNS section ({@code servers}, {@code timeout}, {@code max-ttl}): how gateways known
   * by host name are resolved (RFC 3263). Absent: the host's resolv.conf servers, used only when
   * some gateway is a host name.
   */
  public static final String KEY_DNS = "dns";

  /** {@code dns.servers}: the DNS servers to ask, {@code address:port}, in order. */
  public static final String KEY_DNS_SERVERS = "servers";

  /** {@code dns.timeout}: one query's time before the next server; default 2 s. */
  public static final String KEY_DNS_TIMEOUT = "timeout";

  /** {@code dns.max-ttl}: the longest an answer is cached; default 1 h. */
  public static final String KEY_DNS_MAX_TTL = "max-ttl";

  /**
   * Key of the Kamailio list file ({@code setid destination [flags [priority [attrs]]]}), relative
   * to the config file's directory. Exactly one of this and {@link #KEY_SETS} is required.
   */
  public static final String KEY_LIST_FILE = "list-file";

  /** Key of the inline sets: set id to a list of gateways. */
  public static final String KEY_SETS = "sets";

  /** Keys of an inline gateway written as a mapping (a bare string is its destination). */
  public static final String KEY_DESTINATION = "destination";

  public static final String KEY_FLAGS = "flags";
  public static final String KEY_PRIORITY = "priority";
  public static final String KEY_ATTRS = "attrs";

  /**
   * Key of the default algorithm; default round-robin ({@link DispatcherSettings#DEFAULTS}): it
   * spreads calls evenly over equal gateways, the reference scenario's need.
   */
  public static final String KEY_ALGORITHM = "algorithm";

  /** Key of per-set algorithms; default none (every set uses {@link #KEY_ALGORITHM}). */
  public static final String KEY_SET_ALGORITHMS = "set-algorithms";

  /**
   * Key of the failover statuses; default {@code code=408;class=5}: the gateway timed out or
   * failed, while 4xx and 6xx answer the call itself and another gateway would repeat them.
   */
  public static final String KEY_FAILOVER_STATUSES = "failover-statuses";

  /**
   * Key of the no-response timeout; default 1 s ({@link
   * DispatcherSettings#DEFAULT_NO_RESPONSE_TIMEOUT}): a gateway on the local network answers 100
   * Trying within milliseconds, so a second of silence means it is down, and the caller is still
   * waiting. Also the INVITE client transaction's no-response timer.
   */
  public static final String KEY_NO_RESPONSE_TIMEOUT = "no-response-timeout";

  /** Key of the hash-user-only switch; default false, as Kamailio's dispatcher flags=0. */
  public static final String KEY_HASH_USER_ONLY = "hash-user-only";

  /** Key of the probing section; default {@link ProbingConfig#DEFAULTS}. */
  public static final String KEY_PROBING = "probing";

  public DispatcherConfig {
    setAlgorithms = Map.copyOf(setAlgorithms);
  }

  /**
   * What the resolver uses: the {@code dns} section, else the host's resolv.conf servers when some
   * gateway is a host name; empty when no name needs resolving.
   */
  public Optional<io.isthmus.proxy.resolve.DnsSettings> resolverSettings() {
    if (dns.isPresent()) {
      return dns;
    }
    boolean names =
        gateways.gateways().stream()
            .anyMatch(g -> io.isthmus.proxy.resolve.SipResolver.needsDns(g.uri()));
    return names ? Optional.of(io.isthmus.proxy.resolve.DnsSettings.DEFAULTS) : Optional.empty();
  }

  /** The dispatcher's selection and failover settings. */
  public DispatcherSettings settings() {
    return new DispatcherSettings(
        algorithm, setAlgorithms, failoverStatuses, noResponseTimeout, hashUserOnly);
  }
}
