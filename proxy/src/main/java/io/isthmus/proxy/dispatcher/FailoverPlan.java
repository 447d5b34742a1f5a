package io.isthmus.proxy.dispatcher;

import java.util.Optional;

/**
 * The gateways one call tries, in order: the selected one, then the rest of the set from there on,
 * wrapping (Kamailio's failover list that {@code ds_next_dst} walks). Each gateway is offered at
 * most once. Its state is read when {@link #next} reaches it, not when the plan was made, so a
 * gateway marked down meanwhile (by this call or another) is skipped and one that recovered is
 * tried. A plan keeps the set it was made from: a reload does not change a call in progress.
 *
 * <p>Not thread-safe: a plan belongs to the one call (and event loop) that made it.
 */
public final class FailoverPlan {
  private static final FailoverPlan EMPTY = new FailoverPlan(null, 0, false);

  private final ActiveSet set;
  private final int start;
  private final boolean respectMaxLoad;
  private int offered;
  private Gateway current;

  FailoverPlan(ActiveSet set, int start, boolean respectMaxLoad) {
    this.set = set;
    this.start = start;
    this.respectMaxLoad = respectMaxLoad;
  }

  /** A plan with no gateway: the set is unknown, empty, or all of it is down (answer 503). */
  static FailoverPlan empty() {
    return EMPTY;
  }

  /** The next gateway to try, or empty when the set is exhausted (answer 503). */
  public Optional<Gateway> next() {
    if (set == null) {
      return Optional.empty();
    }
    int n = set.size();
    while (offered < n) {
      int i = (start + offered) % n;
      offered++;
      if (set.selectable(i) && (!respectMaxLoad || set.underMaxLoad(i))) {
        current = set.gateways[i];
        return Optional.of(current);
      }
    }
    current = null;
    return Optional.empty();
  }

  /** The gateway last returned by {@link #next}, or null. */
  public Gateway current() {
    return current;
  }

  /** The set id, or -1 for an empty plan. */
  public int setId() {
    return set == null ? -1 : set.set.id();
  }
}
