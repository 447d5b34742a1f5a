package io.isthmus.proxy.dispatcher;

/**
 * Algorithm 10: the selectable gateway with the fewest active calls that is under its {@code
 * maxload=} (ties: the first in set order, as {@code ds_get_leastloaded}); failover continues in
 * set order from there, skipping gateways at their maxload. Loads are read without a lock, so two
 * calls selected at the same instant may both see the same least-loaded gateway.
 */
record CallLoadSelector() implements Selector {

  @Override
  public FailoverPlan select(ActiveSet set, SelectionContext ctx) {
    int best = -1;
    int bestLoad = Integer.MAX_VALUE;
    for (int i = 0; i < set.size(); i++) {
      if (set.selectable(i) && set.underMaxLoad(i)) {
        int load = set.load[i].get();
        if (load < bestLoad) {
          best = i;
          bestLoad = load;
        }
      }
    }
    return best < 0 ? FailoverPlan.empty() : new FailoverPlan(set, best, true);
  }
}
