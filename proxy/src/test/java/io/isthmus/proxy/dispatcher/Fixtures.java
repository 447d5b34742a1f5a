package io.isthmus.proxy.dispatcher;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.uri.SipUri;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds dispatchers over list-file text for tests. */
final class Fixtures {
  /** State changes seen by the monitor, as "uri from->to (reason)". */
  final List<String> changes = new ArrayList<>();

  final HealthMonitor monitor;
  final CallLoad callLoad = new CallLoad();
  final Dispatcher dispatcher;

  Fixtures(String list, DispatcherSettings settings, HealthSettings health) {
    this.monitor =
        new HealthMonitor(
            health,
            (gw, from, to, reason) ->
                changes.add(gw.uri().host() + " " + from + "->" + to + " (" + reason + ")"));
    this.dispatcher = new Dispatcher(parse(list), settings, monitor, callLoad);
  }

  Fixtures(String list) {
    this(list, DispatcherSettings.DEFAULTS, HealthSettings.DEFAULTS);
  }

  static DispatcherList parse(String list) {
    try {
      return ListFileParser.parse("test.list", list);
    } catch (DispatcherConfigException e) {
      throw new AssertionError(e);
    }
  }

  /** The gateway of set 1 whose host is {@code host}. */
  Gateway gw(String host) {
    return dispatcher.list().set(1).gateways().stream()
        .filter(g -> g.uri().host().equals(host))
        .findFirst()
        .orElseThrow();
  }

  /** Host of the first gateway a plan offers, or "none". */
  String first(Algorithm alg, SelectionContext ctx) {
    return host(dispatcher.plan(1, alg, ctx).next());
  }

  /** Hosts a plan offers until it is exhausted. */
  static List<String> drain(FailoverPlan plan) {
    List<String> hosts = new ArrayList<>();
    for (Optional<Gateway> g = plan.next(); g.isPresent(); g = plan.next()) {
      hosts.add(g.get().uri().host());
    }
    return hosts;
  }

  static String host(Optional<Gateway> gw) {
    return gw.map(g -> g.uri().host()).orElse("none");
  }

  static SelectionContext callId(String callId) {
    return new SelectionContext(callId, null, null);
  }

  static SipUri uri(String text) {
    try {
      return SipUri.parse(text);
    } catch (SipParseException e) {
      throw new AssertionError(e);
    }
  }

  void down(String host) {
    monitor.setState(gw(host).key(), GatewayState.INACTIVE);
  }
}
