package io.isthmus.proxy.dispatcher;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One gateway set as installed: the gateways in selection order with their health records and load
 * counters resolved once, plus the per-set cursors of round robin and weight. Immutable but for the
 * cursors (atomic), so selection on any thread takes no lock and does no map lookup.
 */
final class ActiveSet {
  final GatewaySet set;
  final Gateway[] gateways;
  final GatewayHealth[] health;
  final AtomicInteger[] load;
  final int[] weightSlots;

  /** Round robin: the index the next selection starts from (Kamailio's {@code last}). */
  final AtomicInteger roundRobinNext = new AtomicInteger();

  /** Weight: the next slot of {@link #weightSlots} (Kamailio's {@code wlast}). */
  final AtomicInteger weightNext = new AtomicInteger();

  ActiveSet(GatewaySet set, HealthMonitor monitor, CallLoad callLoad) {
    this.set = set;
    List<Gateway> gws = set.gateways();
    int n = gws.size();
    this.gateways = gws.toArray(new Gateway[0]);
    this.health = new GatewayHealth[n];
    this.load = new AtomicInteger[n];
    for (int i = 0; i < n; i++) {
      GatewayHealth h = monitor.health(gateways[i].key());
      if (h == null) {
        throw new IllegalStateException(gateways[i] + " is not installed in the health monitor");
      }
      health[i] = h;
      load[i] = callLoad.counter(gateways[i]);
    }
    this.weightSlots = WeightTable.build(gws);
  }

  int size() {
    return gateways.length;
  }

  boolean selectable(int i) {
    return health[i].state().selectable();
  }

  boolean underMaxLoad(int i) {
    int max = gateways[i].attrs().maxload();
    return max == 0 || load[i].get() < max;
  }

  /** The first selectable index from {@code start} on, wrapping; -1 when none. */
  int firstSelectableFrom(int start) {
    int n = gateways.length;
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      if (selectable(i)) {
        return i;
      }
    }
    return -1;
  }
}
