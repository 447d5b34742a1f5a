package io.isthmus.proxy.dispatcher;

/**
 * Algorithms 0, 1, 2: Kamailio's hash of the Call-ID, From URI or To URI, modulo the set size, so
 * the same key always lands on the same gateway while the set and its states stay the same; when
 * that gateway is down the call goes to the next selectable one in set order.
 */
record HashSelector(Algorithm algorithm, boolean userOnly) implements Selector {

  @Override
  public FailoverPlan select(ActiveSet set, SelectionContext ctx) {
    if (set.size() == 0) {
      return FailoverPlan.empty();
    }
    int hash =
        switch (algorithm) {
          case HASH_CALL_ID -> KamailioHash.callId(ctx.callId());
          case HASH_FROM_URI -> KamailioHash.uri(ctx.from(), userOnly);
          case HASH_TO_URI -> KamailioHash.uri(ctx.to(), userOnly);
          default -> throw new IllegalStateException("not a hash algorithm: " + algorithm);
        };
    return Selector.walkFrom(set, Integer.remainderUnsigned(hash, set.size()));
  }
}
