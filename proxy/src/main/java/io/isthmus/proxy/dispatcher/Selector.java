package io.isthmus.proxy.dispatcher;

/**
 * Picks the first gateway of a set for a call and returns the {@link FailoverPlan} that starts
 * there ({@code ds_select_dst} with failover on). Every selector skips inactive and disabled
 * gateways; when the picked one is down it walks forward to the next selectable one, as Kamailio
 * does after computing its index. Selectors keep no state of their own (the per-set cursors live in
 * {@link ActiveSet}) and take no lock.
 */
sealed interface Selector
    permits HashSelector,
        AuthUserSelector,
        RoundRobinSelector,
        PrioritySelector,
        WeightSelector,
        CallLoadSelector {

  /** The plan for one call, empty when no gateway of the set is selectable. */
  FailoverPlan select(ActiveSet set, SelectionContext ctx);

  /** The selector for {@code algorithm}; {@code hashUserOnly} is Kamailio's {@code flags=1}. */
  static Selector of(Algorithm algorithm, boolean hashUserOnly) {
    return switch (algorithm) {
      case HASH_CALL_ID, HASH_FROM_URI, HASH_TO_URI -> new HashSelector(algorithm, hashUserOnly);
      case HASH_AUTH_USER -> new AuthUserSelector(new RoundRobinSelector());
      case ROUND_ROBIN -> new RoundRobinSelector();
      case PRIORITY -> new PrioritySelector();
      case WEIGHT -> new WeightSelector();
      case CALL_LOAD -> new CallLoadSelector();
    };
  }

  /** A plan from the first selectable gateway at or after {@code index}. */
  static FailoverPlan walkFrom(ActiveSet set, int index) {
    int chosen = set.firstSelectableFrom(index);
    return chosen < 0 ? FailoverPlan.empty() : new FailoverPlan(set, chosen, false);
  }
}
