package io.isthmus.proxy.media;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.Scheduler;
import io.isthmus.ng.bencode.BDict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media control over the NG protocol to one or more rtpengine-compatible relays, as Kamailio's
 * rtpengine module does it (kamailio.md b.3), without ever blocking:
 *
 * <ul>
 *   <li>A new call (its first offer) goes to a node picked by a hash of the Call-ID over the
 *       weights of the live nodes; the call is pinned to that node, so its answers, re-offers and
 *       delete go to the same one. The pin is dropped by the call's delete.
 *   <li>A node that leaves a request unanswered (the client's timeout after its retries) is marked
 *       dead: new calls skip it; a new call whose offer timed out is offered to the next live node.
 *       Calls pinned to a dead node keep using it (their media lives there).
 *   <li>Dead nodes are pinged every {@code probeInterval} on the injected scheduler; a pong makes
 *       them live again.
 *   <li>Pins of calls that never get a delete expire ({@link PinExpiry}): a call that got an offer
 *       but no answer after the relay's own {@code offer-timeout} (the relay has dropped it by
 *       then), any call after a long time without a command. Answered calls normally lose their pin
 *       by the delete the proxy core sends at BYE, CANCEL, failure or its session expiry.
 * </ul>
 *
 * Thread-safe: pins live in a concurrent map, liveness in a volatile flag per node.
 */
public final class NgMediaControl implements MediaControl {
  private static final Logger LOG = LoggerFactory.getLogger(NgMediaControl.class);

  /** How often dead nodes are pinged (Kamailio re-checks after rtpengine_disable_tout, 60 s). */
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);

  private final List<RelayNode> nodes;
  private final NgRequests requests;
  private final Scheduler scheduler;
  private final Duration probeInterval;
  private final Map<String, Pin> pinned = new ConcurrentHashMap<>();
  private final Clock clock;
  private final PinExpiry expiry;
  private volatile Scheduler.Cancellable probe;
  private volatile Scheduler.Cancellable sweep;
  private volatile boolean closed;

  /** The node a call is pinned to, with what its pin expiry needs to know. */
  private static final class Pin {
    final RelayNode node;
    volatile long lastUsed;
    volatile boolean answered;

    Pin(RelayNode node, long now) {
      this.node = node;
      this.lastUsed = now;
    }
  }

  /** With the system clock and the default pin expiry. */
  public NgMediaControl(
      List<RelayNode> nodes, MediaSettings settings, Scheduler scheduler, Duration probeInterval) {
    this(nodes, settings, Clock.system(), scheduler, probeInterval, PinExpiry.DEFAULTS);
  }

  /**
   * @param clock the time pins are stamped with (the scheduler's time base)
   * @param scheduler runs the dead-node probe and the pin sweep
   */
  public NgMediaControl(
      List<RelayNode> nodes,
      MediaSettings settings,
      Clock clock,
      Scheduler scheduler,
      Duration probeInterval,
      PinExpiry expiry) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no relay node configured");
    }
    this.nodes = List.copyOf(nodes);
    this.requests = new NgRequests(settings);
    this.scheduler = scheduler;
    this.probeInterval = probeInterval;
    this.clock = clock;
    this.expiry = expiry;
    this.probe = scheduler.schedule(this::probeDeadNodes, probeInterval.toNanos());
    this.sweep = scheduler.schedule(this::sweepPins, expiry.sweepInterval().toNanos());
  }

  @Override
  public CompletionStage<MediaResult> offer(MediaOffer offer) {
    BDict dict = requests.offer(offer);
    Pin pin = pinned.get(offer.callId());
    if (pin != null) {
      pin.lastUsed = clock.nanos();
      return send(pin.node, dict);
    }
    CompletableFuture<MediaResult> result = new CompletableFuture<>();
    offerNewCall(offer.callId(), dict, new HashSet<>(), result);
    return result;
  }

  /** Tries live nodes in hash order until one answers; each one that times out is marked dead. */
  private void offerNewCall(
      String callId, BDict dict, Set<RelayNode> tried, CompletableFuture<MediaResult> result) {
    RelayNode node = select(callId, tried);
    if (node == null) {
      result.complete(new MediaResult.Unavailable("no relay node available"));
      return;
    }
    tried.add(node);
    Pin pin = new Pin(node, clock.nanos());
    pinned.put(callId, pin);
    node.send(dict)
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                dead(node, error);
                pinned.remove(callId, pin);
                offerNewCall(callId, dict, tried, result);
                return;
              }
              MediaResult r = NgRequests.result(reply);
              if (r instanceof MediaResult.Unavailable) {
                pinned.remove(callId, pin); // load limit: another node may take the call
                offerNewCall(callId, dict, tried, result);
              } else {
                if (!r.ok()) {
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
    return send(nodeOf(answer.callId()), requests.answer(answer));
  }

  @Override
  public CompletionStage<MediaResult> delete(MediaDelete delete) {
    RelayNode node = nodeOf(delete.callId());
    if (delete.toTag() == null && delete.viaBranch() == null) {
      pinned.remove(delete.callId()); // the whole call is gone
    }
    return send(node, requests.delete(delete));
  }

  private RelayNode nodeOf(String callId) {
    Pin pin = pinned.get(callId);
    if (pin != null) {
      return pin.node;
    }
    // not pinned here (another proxy instance's call, or restarted): the hash over every node
    RelayNode any = select(callId, Set.of());
    return any != null ? any : pick(callId, nodes);
  }

  private CompletionStage<MediaResult> send(RelayNode node, BDict dict) {
    return node.send(dict)
        .handle(
            (reply, error) -> {
              if (error != null) {
                dead(node, error);
                return new MediaResult.Unavailable("relay " + node.name() + ": " + error);
              }
              return NgRequests.result(reply);
            });
  }

  /** The live node for a new call, by the Call-ID hash over the live nodes' weights. */
  RelayNode select(String callId, Set<RelayNode> exclude) {
    List<RelayNode> live = new ArrayList<>(nodes.size());
    for (RelayNode n : nodes) {
      if (n.alive() && !exclude.contains(n)) {
        live.add(n);
      }
    }
    return live.isEmpty() ? null : pick(callId, live);
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

  private void dead(RelayNode node, Throwable error) {
    if (node.alive()) {
      LOG.warn("relay node {} marked dead: {}", node.name(), error.toString());
    }
    node.alive(false);
  }

  private void probeDeadNodes() {
    if (closed) {
      return;
    }
    for (RelayNode n : nodes) {
      if (!n.alive()) {
        n.send(NgRequests.ping())
            .whenComplete(
                (reply, error) -> {
                  if (error == null && reply.isSuccess()) {
                    LOG.info("relay node {} answers again", n.name());
                    n.alive(true);
                  }
                });
      }
    }
    probe = scheduler.schedule(this::probeDeadNodes, probeInterval.toNanos());
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

  /** Stops probing; the senders (NG clients) are the caller's to close. */
  @Override
  public void close() {
    closed = true;
    for (Scheduler.Cancellable c : new Scheduler.Cancellable[] {probe, sweep}) {
      if (c != null) {
        c.cancel();
      }
    }
  }
}
