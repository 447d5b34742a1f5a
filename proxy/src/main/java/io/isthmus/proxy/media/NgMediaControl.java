package io.isthmus.proxy.media;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.Scheduler;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media control over the NG protocol to one or more rtpengine-compatible relays, as Kamailio's
 * rtpengine module does it (kamailio.md b.3), without ever blocking and without ever making a
 * caller wait on a node known to be down:
 *
 * <ul>
 *   <li>A new call (its first offer) goes to a node picked by a hash of the Call-ID over the
 *       weights of the up nodes; the call is pinned to that node, so its answers, re-offers and
 *       delete go to the same one. The pin is dropped by the call's delete.
 *   <li>Each node is a circuit ({@link RelayNode}): a request unanswered for {@link
 *       NodeChecks#replyTimeout()}, or an error on its socket (ICMP port unreachable), marks it
 *       down, and every request still waiting on it is given up on at that moment. A new call's
 *       offer then goes to the next up node, or the caller hears 503; commands of calls pinned to a
 *       down node fail at once; their deletes wait for the node.
 *   <li>Down nodes are pinged every {@link NodeChecks#probeInterval()}; the first pong puts the
 *       node back in service.
 *   <li>Nothing given up on is left behind: an offer abandoned after it was sent, or a delete the
 *       node could not take, is remembered per node and deleted when the node answers again (or at
 *       once, when the abandoned request's late reply shows the node did it after all).
 *   <li>Every {@link NodeChecks#reconcileInterval()} each up node's {@code list} is compared with
 *       the calls pinned to it ({@link Reconciler}): sessions nobody here knows are deleted, calls
 *       the node no longer has (a media timeout, a restart) are reported to the {@link
 *       RelayEndListener}, which ends them.
 *   <li>Pins of calls that never get a delete expire ({@link PinExpiry}).
 * </ul>
 *
 * Thread-safe: commands come from the proxy's loops, replies on the NG clients' threads, timers on
 * the scheduler's; pins and node state live in concurrent maps and volatile fields.
 */
public final class NgMediaControl implements MediaControl {
  private static final Logger LOG = LoggerFactory.getLogger(NgMediaControl.class);

  /** How often down nodes are pinged by default ({@link NodeChecks#DEFAULT_PROBE_INTERVAL}). */
  public static final Duration DEFAULT_PROBE_INTERVAL = NodeChecks.DEFAULT_PROBE_INTERVAL;

  private final List<RelayNode> nodes;
  private final NgRequests requests;
  private final Scheduler scheduler;
  private final NodeChecks checks;
  private final Map<String, Pin> pinned = new ConcurrentHashMap<>();
  private final Clock clock;
  private final PinExpiry expiry;
  private final Reconciler reconciler;
  private volatile RelayEndListener listener = RelayEndListener.NONE;
  private volatile Scheduler.Cancellable probe;
  private volatile Scheduler.Cancellable sweep;
  private volatile Scheduler.Cancellable reconcile;
  private volatile boolean closed;

  /** The node a call is pinned to, with what its pin expiry and the reconcile need to know. */
  static final class Pin {
    final RelayNode node;
    volatile long lastUsed;
    volatile boolean answered;

    /** When the node accepted the call's first offer; {@link Long#MIN_VALUE} until then. */
    volatile long confirmed = Long.MIN_VALUE;

    Pin(RelayNode node, long now) {
      this.node = node;
      this.lastUsed = now;
    }
  }

  /** A request given up on or refused because its node is down. */
  static final class NodeDown extends Exception {
    private static final long serialVersionUID = 1L;

    /** Whether the request had left: the node may still run it. */
    final boolean sent;

    NodeDown(String message, boolean sent) {
      super(message, null, false, false);
      this.sent = sent;
    }
  }

  /** One request to a node, settled once: by its reply, or given up on (deadline, node down). */
  private static final class Exchange {
    final RelayNode node;
    final String command;
    final String callId;
    final long sent;
    final CompletableFuture<NgResponse> result = new CompletableFuture<>();
    final AtomicBoolean settled = new AtomicBoolean();
    volatile Scheduler.Cancellable deadline;

    Exchange(RelayNode node, String command, String callId, long sent) {
      this.node = node;
      this.command = command;
      this.callId = callId;
      this.sent = sent;
    }
  }

  /** With the system clock, the default checks but {@code probeInterval}, the default expiry. */
  public NgMediaControl(
      List<RelayNode> nodes, MediaSettings settings, Scheduler scheduler, Duration probeInterval) {
    this(
        nodes,
        settings,
        Clock.system(),
        scheduler,
        NodeChecks.DEFAULTS.withProbeInterval(probeInterval),
        PinExpiry.DEFAULTS);
  }

  /** The default checks but {@code probeInterval}. */
  public NgMediaControl(
      List<RelayNode> nodes,
      MediaSettings settings,
      Clock clock,
      Scheduler scheduler,
      Duration probeInterval,
      PinExpiry expiry) {
    this(
        nodes,
        settings,
        clock,
        scheduler,
        NodeChecks.DEFAULTS.withProbeInterval(probeInterval),
        expiry);
  }

  /**
   * @param clock the time pins, round trips and node states are stamped with (the scheduler's)
   * @param scheduler runs the reply deadlines, the probes, the reconcile and the pin sweep
   */
  public NgMediaControl(
      List<RelayNode> nodes,
      MediaSettings settings,
      Clock clock,
      Scheduler scheduler,
      NodeChecks checks,
      PinExpiry expiry) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no relay node configured");
    }
    this.nodes = List.copyOf(nodes);
    this.requests = new NgRequests(settings);
    this.scheduler = scheduler;
    this.checks = checks;
    this.clock = clock;
    this.expiry = expiry;
    this.reconciler = new Reconciler(this);
    this.probe = scheduler.schedule(this::probeDownNodes, checks.probeInterval().toNanos());
    this.sweep = scheduler.schedule(this::sweepPins, expiry.sweepInterval().toNanos());
    if (!checks.reconcileInterval().isZero()) {
      this.reconcile =
          scheduler.schedule(this::reconcileNodes, checks.reconcileInterval().toNanos());
    }
  }

  @Override
  public void onRelayEnded(RelayEndListener l) {
    this.listener = l == null ? RelayEndListener.NONE : l;
  }

  @Override
  public CompletionStage<MediaResult> offer(MediaOffer offer) {
    String refusal = requests.refusal(offer);
    if (refusal != null) {
      return CompletableFuture.completedFuture(new MediaResult.Rejected(refusal));
    }
    BDict dict = requests.offer(offer);
    Pin pin = pinned.get(offer.callId());
    if (pin != null) {
      pin.lastUsed = clock.nanos();
      return send(pin.node, dict, offer.callId());
    }
    CompletableFuture<MediaResult> result = new CompletableFuture<>();
    offerNewCall(offer.callId(), dict, new HashSet<>(), null, result);
    return result;
  }

  /**
   * Tries up nodes in hash order until one takes the call; a node that fails is marked down, one
   * over its load limit is skipped ({@code refused} keeps its answer for the caller).
   */
  private void offerNewCall(
      String callId,
      BDict dict,
      Set<RelayNode> tried,
      MediaResult.Unavailable refused,
      CompletableFuture<MediaResult> result) {
    RelayNode node = select(callId, tried);
    if (node == null) {
      result.complete(
          refused != null
              ? refused
              : new MediaResult.Unavailable(
                  tried.isEmpty() ? noNodeReason() : "no relay node answered"));
      return;
    }
    tried.add(node);
    Pin pin = new Pin(node, clock.nanos());
    pinned.put(callId, pin);
    exchange(node, dict, "offer", callId)
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                pinned.remove(callId, pin);
                if (!(cause(error) instanceof NodeDown d) || d.sent) {
                  node.orphans.add(callId); // it may run the offer yet: delete once it is back
                }
                offerNewCall(callId, dict, tried, refused, result);
                return;
              }
              MediaResult r = NgRequests.result(reply);
              if (r instanceof MediaResult.Unavailable u) {
                pinned.remove(callId, pin); // load limit: another node may take the call
                offerNewCall(callId, dict, tried, u, result);
              } else {
                if (r.ok()) {
                  pin.confirmed = clock.nanos();
                } else {
                  pinned.remove(callId, pin);
                }
                result.complete(r);
              }
            });
  }

  @Override
  public CompletionStage<MediaResult> answer(MediaAnswer answer) {
    Pin pin = pinned.get(answer.callId());
    if (pin != null) {
      pin.answered = true;
      pin.lastUsed = clock.nanos();
    }
    return send(nodeOf(answer.callId()), requests.answer(answer), answer.callId());
  }

  @Override
  public CompletionStage<MediaResult> delete(MediaDelete delete) {
    String callId = delete.callId();
    RelayNode node = nodeOf(callId);
    boolean whole = delete.toTag() == null && delete.viaBranch() == null;
    if (whole && pinned.remove(callId) != null) { // the whole call is gone
      unpinned(node);
    }
    return exchange(node, requests.delete(delete), "delete", callId)
        .handle(
            (reply, error) -> {
              if (error != null) {
                if (whole) {
                  node.orphans.add(callId); // done when the node answers again
                }
                return new MediaResult.Unavailable(
                    "relay " + node.name() + ": " + cause(error).getMessage() + ", delete queued");
              }
              if (whole && reply.isSuccess()) {
                node.recentlyDeleted.add(callId);
              }
              return NgRequests.result(reply);
            });
  }

  private RelayNode nodeOf(String callId) {
    Pin pin = pinned.get(callId);
    if (pin != null) {
      return pin.node;
    }
    // not pinned here (another proxy instance's call, or restarted): the hash over every node
    RelayNode any = anyUp(callId);
    return any != null ? any : pick(callId, nodes);
  }

  private CompletionStage<MediaResult> send(RelayNode node, BDict dict, String callId) {
    String command = NgRequests.command(dict);
    return exchange(node, dict, command, callId)
        .handle(
            (reply, error) ->
                error != null
                    ? new MediaResult.Unavailable(
                        "relay " + node.name() + ": " + cause(error).getMessage())
                    : NgRequests.result(reply));
  }

  /**
   * Sends {@code dict} to {@code node} unless it is down; completes with the reply, or fails at the
   * reply timeout, at a transport error or when the node goes down for another request.
   */
  CompletableFuture<NgResponse> exchange(
      RelayNode node, BDict dict, String command, String callId) {
    if (!node.alive()) {
      return CompletableFuture.failedFuture(
          new NodeDown("relay node " + node.name() + " is down (" + node.reason() + ")", false));
    }
    Exchange x = new Exchange(node, command, callId, clock.nanos());
    node.inFlight.add(x);
    x.deadline = scheduler.schedule(() -> onDeadline(x), checks.replyTimeout().toNanos());
    CompletionStage<NgResponse> sent;
    try {
      sent = node.send(dict);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((reply, error) -> settle(x, reply, error));
    return x.result;
  }

  private void settle(Exchange x, NgResponse reply, Throwable error) {
    x.node.inFlight.remove(x);
    x.deadline.cancel();
    if (error == null) {
      x.node.answered(clock.nanos() - x.sent);
    }
    if (x.settled.compareAndSet(false, true)) {
      if (error != null) {
        if (!(cause(error) instanceof NgException)) {
          down(x.node, cause(error).getMessage()); // a timeout or the socket: not the reply
        }
        x.result.completeExceptionally(cause(error));
      } else {
        x.result.complete(reply);
      }
      return;
    }
    if (reply != null && x.callId != null && x.node.orphans.contains(x.callId)) {
      // given up on, and the node did it after all: an offer's session is an orphan now
      if (x.command.equals("delete")) {
        x.node.orphans.remove(x.callId);
      } else if (x.command.equals("offer")) {
        deleteOrphan(x.node, x.callId);
      }
    }
  }

  private void onDeadline(Exchange x) {
    if (!x.settled.get()) {
      down(x.node, "no reply within " + checks.replyTimeout().toMillis() + " ms");
    }
  }

  /** Marks {@code node} down and gives up on everything waiting on it. */
  private void down(RelayNode node, String why) {
    if (node.markDown(clock.nanos(), why)) {
      LOG.warn("relay node {} down: {}", node.name(), why);
    }
    for (Object o : List.copyOf(node.inFlight)) {
      Exchange x = (Exchange) o;
      if (x.settled.compareAndSet(false, true)) {
        node.inFlight.remove(x);
        x.result.completeExceptionally(
            new NodeDown("relay node " + node.name() + " down: " + why, true));
      }
    }
  }

  private void up(RelayNode node) {
    long was = node.sinceNanos();
    if (node.markUp(clock.nanos())) {
      LOG.info(
          "relay node {} answers again after {} ms down; {} orphan(s) to delete",
          node.name(),
          (node.sinceNanos() - was) / 1_000_000,
          node.orphans.size());
      for (String callId : List.copyOf(node.orphans)) {
        deleteOrphan(node, callId);
      }
    }
  }

  /** Deletes a session of {@code node} that no call here owns (whole call, by Call-ID). */
  void deleteOrphan(RelayNode node, String callId) {
    if (pinnedTo(callId, node)) {
      node.orphans.remove(callId); // the Call-ID came back in a new call: that call owns it
      return;
    }
    exchange(node, NgRequests.deleteCall(callId), "delete", null)
        .whenComplete(
            (reply, error) -> {
              if (error == null) { // any reply: deleted, or it was not there
                node.orphans.remove(callId);
                if (reply.isSuccess()) {
                  node.recentlyDeleted.add(callId);
                  LOG.info("relay node {}: orphan session {} deleted", node.name(), callId);
                }
              }
            });
  }

  /** Whether {@code callId} is pinned to {@code node}. */
  boolean pinnedTo(String callId, RelayNode node) {
    Pin p = pinned.get(callId);
    return p != null && p.node == node;
  }

  /** Pins of calls on {@code node} whose first offer it accepted before {@code before}. */
  List<Map.Entry<String, Pin>> confirmedOn(RelayNode node, long before) {
    List<Map.Entry<String, Pin>> out = new ArrayList<>();
    for (Map.Entry<String, Pin> e : pinned.entrySet()) {
      Pin p = e.getValue();
      if (p.node == node && p.confirmed != Long.MIN_VALUE && p.confirmed - before < 0) {
        out.add(Map.entry(e.getKey(), p));
      }
    }
    return out;
  }

  /** The node no longer has the call behind {@code pin}: unpinned, and the proxy ends it. */
  void lost(String callId, Pin pin) {
    if (pinned.remove(callId, pin)) {
      LOG.info("relay node {} no longer has call {}: ending it", pin.node.name(), callId);
      try {
        listener.relayEnded(callId, "gone");
      } catch (RuntimeException e) {
        LOG.warn("relay end listener failed for {}", callId, e);
      }
    }
  }

  Clock clock() {
    return clock;
  }

  private static Throwable cause(Throwable t) {
    return t instanceof CompletionException c && c.getCause() != null ? c.getCause() : t;
  }

  /**
   * The up node for a new call, by the Call-ID hash over the weights of the up nodes not being
   * drained.
   */
  RelayNode select(String callId, Set<RelayNode> exclude) {
    List<RelayNode> live = new ArrayList<>(nodes.size());
    for (RelayNode n : nodes) {
      if (n.alive() && !n.draining() && !exclude.contains(n)) {
        live.add(n);
      }
    }
    return live.isEmpty() ? null : pick(callId, live);
  }

  private String noNodeReason() {
    for (RelayNode n : nodes) {
      if (n.alive()) {
        return "every relay node up is draining";
      }
    }
    return "no relay node up";
  }

  /** The node a call pinned nowhere most likely is on: the hash over every up node, drained too. */
  private RelayNode anyUp(String callId) {
    List<RelayNode> live = new ArrayList<>(nodes.size());
    for (RelayNode n : nodes) {
      if (n.alive()) {
        live.add(n);
      }
    }
    return live.isEmpty() ? null : pick(callId, live);
  }

  @Override
  public String pinnedNode(String callId) {
    Pin pin = pinned.get(callId);
    return pin == null ? null : pin.node.name();
  }

  @Override
  public boolean pin(String callId, String node) {
    RelayNode n = byName(node);
    if (n == null) {
      LOG.warn("call {}: relay node {} is not configured; pinned by hash", callId, node);
      return false;
    }
    Pin pin = new Pin(n, clock.nanos());
    pin.answered = true;
    pin.confirmed = clock.nanos();
    pinned.put(callId, pin);
    return true;
  }

  private RelayNode byName(String name) {
    for (RelayNode n : nodes) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    return null;
  }

  /**
   * Starts ({@code on}) or stops draining the node named {@code node}: while draining it gets no
   * new call, and the calls pinned to it keep it; when the last of them is deleted that is logged.
   *
   * @return the calls pinned to it now, or -1 when no node has that name
   */
  @Override
  public int drain(String node, boolean on) {
    RelayNode n = byName(node);
    if (n == null) {
      return -1;
    }
    int calls = callsOn(n);
    if (n.setDraining(on)) {
      LOG.info(
          "relay node {}: {} ({} call(s) on it)",
          n.name(),
          on ? "draining: no new calls" : "takes new calls again",
          calls);
    }
    return calls;
  }

  private int callsOn(RelayNode n) {
    int calls = 0;
    for (Pin p : pinned.values()) {
      if (p.node == n) {
        calls++;
      }
    }
    return calls;
  }

  /** After a call left {@code node}: a drained node's last call is worth a log line. */
  private void unpinned(RelayNode node) {
    if (node.draining() && callsOn(node) == 0) {
      LOG.info("relay node {} drained: no call left on it", node.name());
    }
  }

  private static RelayNode pick(String callId, List<RelayNode> candidates) {
    int total = 0;
    for (RelayNode n : candidates) {
      total += n.weight();
    }
    int cut = Math.floorMod(callId.hashCode(), total);
    for (RelayNode n : candidates) {
      cut -= n.weight();
      if (cut < 0) {
        return n;
      }
    }
    return candidates.getLast();
  }

  private void probeDownNodes() {
    if (closed) {
      return;
    }
    for (RelayNode n : nodes) {
      if (!n.alive()) {
        CompletionStage<NgResponse> pong;
        try {
          pong = n.ping(NgRequests.ping());
        } catch (RuntimeException e) {
          continue;
        }
        pong.whenComplete(
            (reply, error) -> {
              if (error == null && reply.isSuccess()) {
                up(n);
              }
            });
      }
    }
    probe = scheduler.schedule(this::probeDownNodes, checks.probeInterval().toNanos());
  }

  private void reconcileNodes() {
    if (closed) {
      return;
    }
    for (RelayNode n : nodes) {
      if (n.alive()) {
        reconciler.run(n);
      }
    }
    reconcile = scheduler.schedule(this::reconcileNodes, checks.reconcileInterval().toNanos());
  }

  /** Drops the pins whose calls the relay no longer has, or that nobody used for too long. */
  private void sweepPins() {
    if (closed) {
      return;
    }
    long now = clock.nanos();
    long offerLimit = expiry.offerTimeout().toNanos();
    long idleLimit = expiry.idleTimeout().toNanos();
    pinned
        .values()
        .removeIf(
            p -> {
              long idle = now - p.lastUsed;
              return idle >= idleLimit || (!p.answered && idle >= offerLimit);
            });
    sweep = scheduler.schedule(this::sweepPins, expiry.sweepInterval().toNanos());
  }

  /** Calls pinned to a node now (for tests and the status page). */
  public int pinnedCalls() {
    return pinned.size();
  }

  /** The nodes, in configuration order. */
  public List<RelayNode> nodes() {
    return nodes;
  }

  @Override
  public List<NodeStatus> nodeStatus() {
    long now = clock.nanos();
    List<NodeStatus> out = new ArrayList<>(nodes.size());
    for (RelayNode n : nodes) {
      int calls = 0;
      for (Pin p : pinned.values()) {
        if (p.node == n) {
          calls++;
        }
      }
      long since = n.sinceNanos();
      out.add(
          new NodeStatus(
              n.name(),
              n.weight(),
              n.alive(),
              since == Long.MIN_VALUE ? -1 : now - since,
              n.reason(),
              n.lastRttNanos(),
              calls,
              n.orphans.size(),
              n.draining()));
    }
    return out;
  }

  /** Stops probing and reconciling; the senders (NG clients) are the caller's to close. */
  @Override
  public void close() {
    closed = true;
    for (Scheduler.Cancellable c : new Scheduler.Cancellable[] {probe, sweep, reconcile}) {
      if (c != null) {
        c.cancel();
      }
    }
  }
}
