package io.isthmus.proxy.dispatcher;

/**
 * Algorithm 4: each call starts where the previous one stopped. As in Kamailio, the cursor is moved
 * past the gateway actually used, so with B of A, B, C down the calls go A, C, A, C (not A, C, C).
 * The cursor is an atomic integer: concurrent selections never take a lock; if two race, the later
 * cursor update simply loses (Kamailio: "if not updated meanwhile").
 */
record RoundRobinSelector() implements Selector {

  @Override
  public FailoverPlan select(ActiveSet set, SelectionContext ctx) {
    int n = set.size();
    if (n == 0) {
      return FailoverPlan.empty();
    }
    int start;
    int advanced;
    do {
      start = set.roundRobinNext.get();
      advanced = (start + 1) % n;
    } while (!set.roundRobinNext.compareAndSet(start, advanced));
    int chosen = set.firstSelectableFrom(start);
    if (chosen < 0) {
      return FailoverPlan.empty();
    }
    set.roundRobinNext.compareAndSet(advanced, (chosen + 1) % n);
    return new FailoverPlan(set, chosen, false);
  }
}
