package io.isthmus.proxy.dispatcher;

/**
 * Algorithm 8: always the first selectable gateway of the set, i.e. the highest priority; failover
 * walks down the priorities (serial forking).
 */
record PrioritySelector() implements Selector {

  @Override
  public FailoverPlan select(ActiveSet set, SelectionContext ctx) {
    return set.size() == 0 ? FailoverPlan.empty() : Selector.walkFrom(set, 0);
  }
}
