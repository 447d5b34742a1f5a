package io.isthmus.proxy.media;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One relay node of {@link NgMediaControl}: a name for logs, a weight for Call-ID hash selection
 * (Kamailio's {@code rtpengine_sock} {@code =weight}), how to send it a request (an {@code
 * NgClient::send}) and how to ping it (the same without resends), and its state as a circuit:
 *
 * <ul>
 *   <li><b>up</b> until a request to it goes unanswered for the reply timeout or its socket reports
 *       an error (ICMP port unreachable): then <b>down</b>, with the time and the reason;
 *   <li>while down it gets no request at all (new calls go to another node; commands of calls
 *       pinned to it fail at once, their deletes wait in {@link #orphans}) and a ping every probe
 *       interval; the first pong makes it up again.
 * </ul>
 *
 * State is shared between loops and the NG client's thread: volatile fields and concurrent
 * collections, changed only through {@link NgMediaControl}.
 */
public final class RelayNode {
  private final String name;
  private final int weight;
  private final Function<BDict, CompletionStage<NgResponse>> sender;
  private final Function<BDict, CompletionStage<NgResponse>> pinger;
  private volatile boolean up = true;
  private volatile long sinceNanos = Long.MIN_VALUE;
  private volatile String reason = "";
  private volatile long lastRttNanos = -1;
  private volatile boolean draining;

  /** Requests sent and not yet settled (answered or given up on). */
  final Set<Object> inFlight = ConcurrentHashMap.newKeySet();

  /**
   * Call-IDs to delete on this node once it answers again: offers given up on after they were sent
   * (the node may run them when it resumes), deletes it could not take.
   */
  final Set<String> orphans = ConcurrentHashMap.newKeySet();

  /** Call-IDs listed by the node but unknown here at the last reconcile (deleted if still so). */
  volatile Set<String> suspects = Set.of();

  /** Call-IDs deleted on this node that it may still list (its delete-delay). */
  final Set<String> recentlyDeleted = ConcurrentHashMap.newKeySet();

  /**
   * @param weight 1 or more
   * @param sender sends one request and completes with the reply or exceptionally (timeout,
   *     unreachable); the pings use it too
   */
  public RelayNode(String name, int weight, Function<BDict, CompletionStage<NgResponse>> sender) {
    this(name, weight, sender, sender);
  }

  /**
   * @param pinger sends a ping without resends (each probe round sends a new one)
   */
  public RelayNode(
      String name,
      int weight,
      Function<BDict, CompletionStage<NgResponse>> sender,
      Function<BDict, CompletionStage<NgResponse>> pinger) {
    this.name = Objects.requireNonNull(name, "name");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.pinger = Objects.requireNonNull(pinger, "pinger");
    if (weight < 1) {
      throw new IllegalArgumentException("weight of relay node " + name + " must be >= 1");
    }
    this.weight = weight;
  }

  public String name() {
    return name;
  }

  public int weight() {
    return weight;
  }

  /** False from a timeout or transport error until the next successful ping. */
  public boolean alive() {
    return up;
  }

  /**
   * Whether the node is being drained ({@code ctl relay drain}): it gets no new call, the calls
   * pinned to it keep it until they end.
   */
  public boolean draining() {
    return draining;
  }

  /** True if this call changed the state. */
  boolean setDraining(boolean on) {
    boolean was = draining;
    draining = on;
    return was != on;
  }

  /** Why the node went down last ("" while it never did). */
  public String reason() {
    return reason;
  }

  /** When the state last changed (the control's clock), {@link Long#MIN_VALUE} if never. */
  public long sinceNanos() {
    return sinceNanos;
  }

  /** Round trip of the last answered request, -1 before any. */
  public long lastRttNanos() {
    return lastRttNanos;
  }

  /** True if this call changed the state. */
  synchronized boolean markDown(long now, String why) {
    if (!up) {
      return false;
    }
    up = false;
    sinceNanos = now;
    reason = why;
    return true;
  }

  /** True if this call changed the state. */
  synchronized boolean markUp(long now) {
    if (up) {
      return false;
    }
    up = true;
    sinceNanos = now;
    return true;
  }

  void answered(long rttNanos) {
    lastRttNanos = rttNanos;
  }

  CompletionStage<NgResponse> send(BDict request) {
    return sender.apply(request);
  }

  CompletionStage<NgResponse> ping(BDict request) {
    return pinger.apply(request);
  }

  @Override
  public String toString() {
    return name + (up ? "" : " (down)") + (draining ? " (draining)" : "");
  }
}
