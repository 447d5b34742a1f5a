package io.isthmus.proxy.core;

import io.isthmus.proxy.dispatcher.CallFailure;
import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.dispatcher.FailoverPlan;
import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.transaction.ClientTransaction;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The serial failover of one call over the gateway set of its target network: the plan, the attempt
 * (client transaction) sent to each gateway, what each gateway's answers say about its health, and
 * the dispatcher's call load each attempt holds. An attempt counts once in its gateway's load: from
 * the send until it fails or is given up, or, when it is answered, until {@link AnsweredCalls} sees
 * the call end.
 */
final class Failover {
  private final Dispatcher dispatcher;
  private final FailoverPlan plan;
  // Sized for the usual one or two attempts: a call's failover lives until its last branch ends,
  // 32 s past the answer (Timer M), and with the default sizes (32 each) these two tables were
  // a twentieth of the live heap at 1,000 calls/s.
  private final Map<ClientTransaction, Gateway> gatewayOf = new IdentityHashMap<>(2);
  private final Set<ClientTransaction> counting =
      Collections.newSetFromMap(new IdentityHashMap<>(2));
  private ClientTransaction current;
  private Gateway gateway;
  private int attempts;

  /** Where the current gateway's name resolved to and not yet tried (RFC 3263 §4.3). */
  private final java.util.ArrayDeque<io.isthmus.proxy.resolve.Target> targets =
      new java.util.ArrayDeque<>(2);

  /** The current gateway's name has been resolved (its targets are in {@link #targets}). */
  private boolean resolved;

  Failover(Dispatcher dispatcher, FailoverPlan plan) {
    this.dispatcher = dispatcher;
    this.plan = plan;
  }

  /** The next gateway to try, empty when the set is exhausted. */
  Optional<Gateway> next() {
    Optional<Gateway> next = plan.next();
    next.ifPresent(g -> gateway = g);
    targets.clear();
    resolved = false;
    return next;
  }

  /** The current gateway's name resolved to {@code found}, in the order to try them. */
  void resolved(List<io.isthmus.proxy.resolve.Target> found) {
    targets.clear();
    targets.addAll(found);
    resolved = true;
    for (io.isthmus.proxy.resolve.Target t : found) {
      dispatcher.resolved(t.address()); // its ICMP errors are seen too
    }
  }

  /** Whether the current gateway is a resolved name (its targets come from {@link #nextTarget}). */
  boolean resolvedName() {
    return resolved;
  }

  /** The next target of the current gateway's name, or null when none is left. */
  io.isthmus.proxy.resolve.Target nextTarget() {
    return targets.poll();
  }

  /**
   * Whether the current gateway has targets left: a failure of one of them moves on to the next
   * without marking the gateway down (only its last target's failure does).
   */
  private boolean moreTargets() {
    return resolved && !targets.isEmpty();
  }

  /** The number of the next attempt (0, 1, ...): it makes each attempt's branch distinct. */
  int nextAttempt() {
    return attempts++;
  }

  /** The attempt {@code tx} went to the gateway of the last {@link #next()}. */
  void sent(ClientTransaction tx) {
    current = tx;
    gatewayOf.put(tx, gateway);
    counting.add(tx);
    dispatcher.callLoad().started(gateway);
  }

  /** The gateway of the last {@link #next()} could not be sent to at all. */
  void unusable() {
    if (!moreTargets()) {
      dispatcher.onCallFailure(gateway, CallFailure.transportError());
    }
  }

  boolean isCurrent(ClientTransaction tx) {
    return tx == current;
  }

  ClientTransaction current() {
    return current;
  }

  Gateway gateway() {
    return gateway;
  }

  /**
   * The current gateway answered {@code status}: its health is told; true when the status calls for
   * the next gateway (408, 5xx as the dispatcher is configured).
   */
  boolean answered(int status) {
    if (moreTargets() && dispatcher.isFailover(status)) {
      return true; // the next target of the same name first
    }
    return dispatcher.onResponse(gateway, status);
  }

  /** The current gateway did not answer at all. */
  void silent() {
    if (!moreTargets()) {
      dispatcher.onCallFailure(gateway, CallFailure.noResponse());
    }
  }

  /** The current gateway could not be reached (ICMP, refused connection). */
  void unreachable() {
    if (!moreTargets()) {
      dispatcher.onCallFailure(gateway, CallFailure.transportError());
    }
  }

  /** The attempt on {@code tx} failed or was given up: its gateway's load ends, exactly once. */
  void ended(ClientTransaction tx) {
    if (counting.remove(tx)) {
      dispatcher.callLoad().ended(gatewayOf.get(tx));
    }
  }

  /**
   * A 2xx of {@code tx} established a dialog: from now on its load belongs to the answered call. An
   * attempt already given up (a late 2xx after failover or CANCEL) is counted again: the call does
   * run on that gateway.
   *
   * @return the gateway of {@code tx}, or null when {@code tx} is not an attempt of this call
   */
  Gateway handOver(ClientTransaction tx) {
    Gateway gw = gatewayOf.get(tx);
    if (gw != null && !counting.remove(tx)) {
      dispatcher.callLoad().started(gw);
    }
    return gw;
  }

  /** The call's setup is over: whatever is still counted ends (nothing should be). */
  void close() {
    for (ClientTransaction tx : List.copyOf(counting)) {
      ended(tx);
    }
    gatewayOf.clear();
  }
}
