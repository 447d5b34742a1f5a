package io.isthmus.proxy.dispatcher;

import io.isthmus.sip.uri.Uri;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The dispatcher as the proxy core sees it. For an initial request routed to a gateway set:
 *
 * <pre>{@code
 * FailoverPlan plan = dispatcher.plan(setId, callId, fromUri, toUri);
 * Optional<Gateway> gw = plan.next();          // empty -> 503
 * // relay to gw; on its final response:
 * if (dispatcher.onResponse(gw, status)) {     // 408/5xx: gateway marked down, try the next
 *   gw = plan.next();                          // same offer; empty -> 503
 * }
 * // no response within noResponseTimeout(), or a transport error:
 * dispatcher.onCallFailure(gw, CallFailure.noResponse()); gw = plan.next();
 * }</pre>
 *
 * <p>Thread safety: {@link #plan} runs on any event loop without locks. The installed list is an
 * immutable snapshot behind a volatile reference; {@link #reload} builds a new one and swaps it in,
 * so plans handed out earlier keep walking the old sets (calls in progress are untouched) while the
 * health of gateways that are in both is shared. Health updates are atomic per gateway.
 */
public final class Dispatcher {
  private final DispatcherSettings settings;
  private final HealthMonitor monitor;
  private final CallLoad callLoad;
  private final Map<Algorithm, Selector> selectors = new EnumMap<>(Algorithm.class);
  private volatile Snapshot snapshot;

  /** Gateway addresses (literal or resolved), never forgotten: the transport watches them. */
  private final java.util.Set<java.net.InetSocketAddress> addresses =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private record Snapshot(DispatcherList list, Map<Integer, ActiveSet> sets) {}

  /** A dispatcher over {@code list}, installing it in {@code monitor}. */
  public Dispatcher(
      DispatcherList list, DispatcherSettings settings, HealthMonitor monitor, CallLoad callLoad) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.callLoad = Objects.requireNonNull(callLoad, "callLoad");
    for (Algorithm a : Algorithm.values()) {
      selectors.put(a, Selector.of(a, settings.hashUserOnly()));
    }
    reload(list);
  }

  /** The plan for a call to set {@code setId} with the set's configured algorithm. */
  public FailoverPlan plan(int setId, String callId, Uri from, Uri to) {
    return plan(setId, new SelectionContext(callId, from, to));
  }

  /** The plan for a call to set {@code setId} with the set's configured algorithm. */
  public FailoverPlan plan(int setId, SelectionContext ctx) {
    return plan(setId, settings.algorithmOf(setId), ctx);
  }

  /** The plan for a call to set {@code setId} with {@code algorithm}; empty for an unknown set. */
  public FailoverPlan plan(int setId, Algorithm algorithm, SelectionContext ctx) {
    ActiveSet set = snapshot.sets().get(setId);
    return set == null ? FailoverPlan.empty() : selectors.get(algorithm).select(set, ctx);
  }

  /** Whether a final response from a gateway sends the call to the next one (408, 5xx). */
  public boolean isFailover(int status) {
    return settings.failoverStatuses().contains(status);
  }

  /**
   * Feeds a response of {@code gateway} to a real call and says whether to fail over: a failover
   * status marks the gateway down at once; any other response shows it alive.
   */
  public boolean onResponse(Gateway gateway, int status) {
    if (isFailover(status)) {
      monitor.onCallFailure(gateway, CallFailure.status(status));
      return true;
    }
    monitor.onCallSuccess(gateway);
    return false;
  }

  /** A call got no response in time or hit a transport error: mark the gateway down at once. */
  public void onCallFailure(Gateway gateway, CallFailure failure) {
    monitor.onCallFailure(gateway, failure);
  }

  /** How long a gateway may stay silent before the call fails over. */
  public Duration noResponseTimeout() {
    return settings.noResponseTimeout();
  }

  /** Installs a new list; plans already handed out keep their sets. Serialised. */
  public synchronized void reload(DispatcherList list) {
    for (String w : list.warnings()) {
      org.slf4j.LoggerFactory.getLogger(Dispatcher.class).warn("{}", w);
    }
    monitor.install(list);
    Map<Integer, ActiveSet> sets = new HashMap<>();
    list.sets().forEach((id, set) -> sets.put(id, new ActiveSet(set, monitor, callLoad)));
    snapshot = new Snapshot(list, Map.copyOf(sets));
    for (Gateway gw : list.gateways()) {
      literalAddress(gw).ifPresent(addresses::add);
    }
  }

  /**
   * Whether requests to {@code address} go to a gateway (its URI's IP literal and port, or one its
   * name resolved to): the transport sends them on a socket that sees ICMP errors.
   */
  public boolean isGatewayAddress(java.net.InetSocketAddress address) {
    return addresses.contains(address);
  }

  private volatile io.isthmus.proxy.resolve.SipResolver resolver;

  /**
   * Resolves gateways (and other next hops) named by host name (RFC 3263); without one, a gateway
   * with a host name is unusable and each call skips it.
   */
  public void useResolver(io.isthmus.proxy.resolve.SipResolver resolver) {
    this.resolver = resolver;
  }

  /** The resolver for host names, or null when none is configured. */
  public io.isthmus.proxy.resolve.SipResolver resolver() {
    return resolver;
  }

  /** A gateway's name resolved to {@code address}: watch it too. */
  public void resolved(java.net.InetSocketAddress address) {
    addresses.add(address);
  }

  private static java.util.Optional<java.net.InetSocketAddress> literalAddress(Gateway gw) {
    io.isthmus.sip.uri.Host host = gw.uri().hostAddress();
    if (host.kind() == io.isthmus.sip.uri.Host.Kind.DOMAIN) {
      return java.util.Optional.empty();
    }
    try {
      int port = gw.uri().port() > 0 ? gw.uri().port() : 5060;
      return java.util.Optional.of(
          new java.net.InetSocketAddress(java.net.InetAddress.getByAddress(host.address()), port));
    } catch (java.net.UnknownHostException e) {
      return java.util.Optional.empty();
    }
  }

  /** The list installed now. */
  public DispatcherList list() {
    return snapshot.list();
  }

  /** Sets a gateway's state by hand (ctl); false when the set has no such destination. */
  public boolean setState(int setId, String uri, GatewayState state) {
    return monitor.setState(GatewayKey.of(setId, uri), state);
  }

  /** Every gateway with its state, in set order (for {@code ctl list gateways}). */
  public List<GatewayStatus> status() {
    List<GatewayStatus> out = new ArrayList<>();
    for (ActiveSet set : new TreeMap<>(snapshot.sets()).values()) {
      for (int i = 0; i < set.size(); i++) {
        GatewayHealth h = set.health[i];
        out.add(
            new GatewayStatus(
                set.gateways[i],
                h.state(),
                h.probingFlag(),
                set.load[i].get(),
                h.lastProbeStatus(),
                h.lastProbeLatencyNanos()));
      }
    }
    return out;
  }

  /** The health monitor (probe results go there). */
  public HealthMonitor health() {
    return monitor;
  }

  /** The call-load counters. */
  public CallLoad callLoad() {
    return callLoad;
  }
}
