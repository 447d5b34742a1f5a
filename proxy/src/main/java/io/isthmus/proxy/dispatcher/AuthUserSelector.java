package io.isthmus.proxy.dispatcher;

/**
 * Algorithm 5: the caller's digest user name hashed as Kamailio hashes it, modulo the set size, so
 * one subscriber's calls keep landing on the same gateway; a caller without credentials goes round
 * robin on the set's cursor, as in Kamailio.
 *
 * <p>Kamailio hashes the user name of whatever credentials the request carries; Isthmus hashes only
 * a user name it verified (a network with {@code auth:}), since an unverified one is the caller's
 * free choice and would let it pick its gateway.
 */
record AuthUserSelector(RoundRobinSelector unauthenticated) implements Selector {

  @Override
  public FailoverPlan select(ActiveSet set, SelectionContext ctx) {
    if (ctx.authUser() == null) {
      return unauthenticated.select(set, ctx);
    }
    if (set.size() == 0) {
      return FailoverPlan.empty();
    }
    int hash = KamailioHash.authUser(ctx.authUser());
    return Selector.walkFrom(set, Integer.remainderUnsigned(hash, set.size()));
  }
}
