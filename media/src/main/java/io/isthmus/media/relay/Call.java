package io.isthmus.media.relay;

import io.isthmus.common.time.Scheduler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.MonologueStats;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A call on the relay, keyed by SIP Call-ID: its parties ({@link Monologue}s, by name, in creation
 * order) and their media, and what the NG layer keeps per call (wall-clock creation time, a pending
 * delayed deletion). The one record of a call: the NG command finds it in {@link MediaRelay}'s
 * table and follows it to the sockets. Owned by one event loop ({@link #owner()}): every socket and
 * timer of the call is registered there and every method must run there; {@link MediaRelay#onCall}
 * gets you onto it.
 */
public final class Call {

  private final MediaRelay relay;
  private final String callId;
  private final EventLoop owner;
  private final long createdNanos;
  private final Map<String, Monologue> monologues = new LinkedHashMap<>();
  private long lastSignalNanos;
  private boolean deleted;
  private int placeholders;
  private long createdEpochMicros;
  private long generation;
  private Scheduler.Cancellable pendingDelete;

  Call(MediaRelay relay, String callId, EventLoop owner, long now) {
    this.relay = relay;
    this.callId = callId;
    this.owner = owner;
    this.createdNanos = now;
    this.lastSignalNanos = now;
  }

  /** The party with this name, created (without media) on first use. */
  public Monologue monologue(String name) {
    checkUsable();
    return monologues.computeIfAbsent(name, n -> new Monologue(this, n, n, "", null, 0));
  }

  /** The party with this name, if it exists. */
  public Optional<Monologue> findMonologue(String name) {
    checkOwner();
    return Optional.ofNullable(monologues.get(name));
  }

  /**
   * Adds a party (NG: the offerer or the party offered to).
   *
   * @param tag its SIP tag, or null for a party offered to before anyone answered: it is named
   *     {@code <pending N>} until {@link Monologue#addTag} gives it one
   * @param branch the via-branch it was created for, "" for none
   */
  public Monologue addMonologue(
      String tag, String branch, LogicalInterface iface, long createdEpochMicros) {
    checkUsable();
    String name = tag;
    while (name == null || monologues.containsKey(name)) {
      // Only a party without a tag, or one whose tag looks like a placeholder, lands here.
      name = "<pending " + (++placeholders) + ">";
    }
    var m = new Monologue(this, tag, name, branch, iface, createdEpochMicros);
    monologues.put(name, m);
    return m;
  }

  /** The party answering to {@code tag} (any of its tags), or null. */
  public Monologue find(String tag) {
    checkOwner();
    if (tag == null) {
      return null;
    }
    for (Monologue m : monologues.values()) {
      if (m.hasTag(tag)) {
        return m;
      }
    }
    return null;
  }

  /** The party offered to on {@code branch} that nobody answered yet, or null. */
  public Monologue pending(String branch) {
    checkOwner();
    for (Monologue m : monologues.values()) {
      if (m.isPending() && m.branch().equals(branch)) {
        return m;
      }
    }
    return null;
  }

  /** Any unanswered party (an answer without via-branch matches the only one there usually is). */
  public Monologue anyPending() {
    checkOwner();
    for (Monologue m : monologues.values()) {
      if (m.isPending()) {
        return m;
      }
    }
    return null;
  }

  /**
   * Removes a party: closes its streams, and those the others held for a dialogue with it (the
   * offerer's per-branch ports). The call stays, even if empty; the caller decides.
   */
  public void removeMonologue(Monologue m) {
    checkUsable();
    if (monologues.remove(m.name(), m)) {
      m.releaseAll();
      for (Monologue other : monologues.values()) {
        other.forget(m);
      }
    }
  }

  /** Gives {@code m} the name {@code to}, keeping its place in the order; false if taken. */
  boolean rename(Monologue m, String to) {
    if (monologues.containsKey(to) || monologues.get(m.name()) != m) {
      return false;
    }
    Map<String, Monologue> renamed = new LinkedHashMap<>();
    for (Map.Entry<String, Monologue> e : monologues.entrySet()) {
      renamed.put(e.getValue() == m ? to : e.getKey(), e.getValue());
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

  /**
   * Tells the relay's {@link RelayStateListener} that the call's replicated state changed (the NG
   * layer after an offer, answer or delete; a socket when it learned or locked a source).
   */
  public void replicate() {
    checkOwner();
    if (!deleted) {
      relay.stateListener().changed(this);
    }
  }

  /**
   * Restores a party as another process had it (replication): its name, every tag (the shown one
   * last), its via-branch, interface and creation time.
   */
  public Monologue restoreMonologue(
      String name,
      java.util.List<String> tags,
      String branch,
      LogicalInterface iface,
      long createdEpochMicros) {
    checkUsable();
    if (monologues.containsKey(name)) {
      throw new IllegalArgumentException("party " + name + " exists");
    }
    var m = new Monologue(this, null, name, branch, iface, createdEpochMicros);
    for (String t : tags) {
      m.restoreTag(t);
    }
    monologues.put(name, m);
    return m;
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

  // ---- what the NG layer keeps per call -------------------------------------------------------

  /** Wall-clock creation time in epoch microseconds, as the NG layer set it (0 if it did not). */
  public long createdEpochMicros() {
    return createdEpochMicros;
  }

  public void setCreatedEpochMicros(long micros) {
    this.createdEpochMicros = micros;
  }

  /** Bumped by every offer, so a delayed deletion scheduled before it knows it is stale. */
  public long generation() {
    return generation;
  }

  public void nextGeneration() {
    generation++;
  }

  /**
   * Runs {@code task} after {@code delayNanos} on the relay's scheduler: the call's own loop in
   * production (no thread hop when it fires), the injected scheduler under test.
   */
  public Scheduler.Cancellable schedule(Runnable task, long delayNanos) {
    checkOwner();
    return relay.timersFor(owner).schedule(task, delayNanos);
  }

  /** Remembers the delayed deletion waiting for this call (cancelling an earlier one). */
  public void setPendingDelete(Scheduler.Cancellable pending) {
    cancelPendingDelete();
    this.pendingDelete = pending;
  }

  /** Whether a delayed deletion is waiting (rtpengine's "deletionmark"). */
  public boolean hasPendingDelete() {
    return pendingDelete != null;
  }

  /** The delayed deletion ran, or was overtaken: forget it without cancelling. */
  public void clearPendingDelete() {
    pendingDelete = null;
  }

  /** Cancels the delayed deletion, if any (a new offer restarts the call). */
  public void cancelPendingDelete() {
    if (pendingDelete != null) {
      pendingDelete.cancel();
      pendingDelete = null;
    }
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
    cancelPendingDelete();
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
