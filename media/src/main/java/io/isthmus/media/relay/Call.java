package io.isthmus.media.relay;

import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.MonologueStats;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A call on the relay, keyed by SIP Call-ID: its parties ({@link Monologue}s by tag) and their
 * media. Owned by one event loop ({@link #owner()}): every socket of the call is registered there
 * and every method must run there; {@link MediaRelay#onCall} gets you onto it.
 */
public final class Call {

  private final MediaRelay relay;
  private final String callId;
  private final EventLoop owner;
  private final long createdNanos;
  private final Map<String, Monologue> monologues = new LinkedHashMap<>();
  private long lastSignalNanos;
  private boolean deleted;

  Call(MediaRelay relay, String callId, EventLoop owner, long now) {
    this.relay = relay;
    this.callId = callId;
    this.owner = owner;
    this.createdNanos = now;
    this.lastSignalNanos = now;
  }

  /** The party with this tag, created (without media) on first use. */
  public Monologue monologue(String tag) {
    checkUsable();
    return monologues.computeIfAbsent(tag, t -> new Monologue(this, t));
  }

  /** The party with this tag, if it exists. */
  public Optional<Monologue> findMonologue(String tag) {
    checkOwner();
    return Optional.ofNullable(monologues.get(tag));
  }

  /**
   * Gives the party {@code from} the tag {@code to}, keeping its media and its place in the order.
   * The NG layer names a party it offered to before anyone answered with a placeholder, and renames
   * it when the answer brings the callee's To tag, so stats and the admin API show the real tag.
   *
   * @return false (nothing changed) when there is no party {@code from} or {@code to} is taken
   */
  public boolean rename(String from, String to) {
    checkUsable();
    Objects.requireNonNull(to, "to");
    if (from.equals(to)) {
      return monologues.containsKey(from);
    }
    if (!monologues.containsKey(from) || monologues.containsKey(to)) {
      return false;
    }
    Map<String, Monologue> renamed = new LinkedHashMap<>();
    for (Map.Entry<String, Monologue> e : monologues.entrySet()) {
      if (e.getKey().equals(from)) {
        e.getValue().retag(to);
        renamed.put(to, e.getValue());
      } else {
        renamed.put(e.getKey(), e.getValue());
      }
    }
    monologues.clear();
    monologues.putAll(renamed);
    return true;
  }

  /** The parties in creation order (a read-only view). */
  public Collection<Monologue> monologues() {
    return Collections.unmodifiableCollection(monologues.values());
  }

  /**
   * Marks an offer/answer on this call: updates "last signal" and restarts endpoint learning on
   * every stream (rtpengine re-learns after each signalling event). The NG layer calls it once per
   * offer and answer.
   */
  public void signalled() {
    checkUsable();
    long now = relay.clock().nanos();
    touchSignal(now);
    for (Monologue m : monologues.values()) {
      m.restartLearning(now);
    }
  }

  /** Deletes the call now: closes every socket, returns every port, tells the listener. */
  public void delete() {
    checkOwner();
    relay.remove(this, DeletionReason.DELETED);
  }

  /** A snapshot of every counter of the call. */
  public CallStats stats() {
    checkOwner();
    long now = relay.clock().nanos();
    var list = new ArrayList<MonologueStats>(monologues.size());
    for (Monologue m : monologues.values()) {
      list.add(m.stats(now));
    }
    return new CallStats(callId, createdNanos, lastSignalNanos, now, list);
  }

  public String callId() {
    return callId;
  }

  public EventLoop owner() {
    return owner;
  }

  /** Creation time on the relay clock. */
  public long createdNanos() {
    return createdNanos;
  }

  /** Time of the last signalling event on the relay clock. */
  public long lastSignalNanos() {
    return lastSignalNanos;
  }

  public boolean isDeleted() {
    return deleted;
  }

  MediaRelay relay() {
    return relay;
  }

  void touchSignal(long now) {
    lastSignalNanos = now;
  }

  /** Releases every stream; the relay has already taken the call out of its table. */
  void releaseAll() {
    deleted = true;
    for (Monologue m : monologues.values()) {
      m.releaseAll();
    }
  }

  void checkOwner() {
    if (!owner.inEventLoop()) {
      throw new IllegalStateException(
          "call " + callId + " must be used on its event loop; use MediaRelay.onCall");
    }
  }

  void checkUsable() {
    checkOwner();
    if (deleted) {
      throw new IllegalStateException("call " + callId + " was deleted");
    }
  }
}
