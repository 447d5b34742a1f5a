package io.isthmus.proxy.dispatcher;

/**
 * Algorithm 9: the next slot of the set's {@link WeightTable}; when that gateway is down the call
 * goes to the next selectable one in set order (so its share moves to its successor, as in
 * Kamailio).
 */
record WeightSelector() implements Selector {

  @Override
  public FailoverPlan select(ActiveSet set, SelectionContext ctx) {
    int[] slots = set.weightSlots;
    if (slots.length == 0) {
      return FailoverPlan.empty();
    }
    int slot = Math.floorMod(set.weightNext.getAndIncrement(), slots.length);
    return Selector.walkFrom(set, slots[slot]);
  }
}
