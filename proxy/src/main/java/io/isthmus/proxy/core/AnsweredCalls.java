package io.isthmus.proxy.core;

import io.isthmus.common.time.Scheduler;
import io.isthmus.proxy.dispatcher.CallLoad;
import io.isthmus.proxy.dispatcher.Gateway;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls answered through one core, each with the gateway it runs on, so that the dispatcher's
 * call load (algorithm 10, {@link CallLoad}) counts a call from the choice of its gateway until the
 * call ends, not only until the INVITE transaction does. In-dialog requests need no other state
 * here: this is the only per-dialog memory of the proxy, one small entry per answered dialog, on
 * the loop that owns the Call-ID. The entry also keeps the {@link DialogState} (targets, route
 * sets, tags, each side's highest CSeq) with which {@link ProxyCore#terminate} sends the BYEs, and
 * the call's {@link MediaSession}, so that every later media command of the dialog (re-INVITE, BYE,
 * terminate, expiry) goes through the one session and its single delete.
 *
 * <p>An entry is keyed by Call-ID and the callee's tag (the To tag of the 2xx), so two dialogs of
 * one forked call count separately. It ends, and its gateway's load with it, exactly once:
 *
 * <ul>
 *   <li>when a BYE of the dialog, from either side, completes: any final response, a timeout or a
 *       transport error (RFC 3261 §15.1.1: the UAC considers the session over once it sent BYE,
 *       whatever the answer);
 *   <li>or when its timer runs out without an in-dialog request (each one re-arms it): the dialog
 *       lifetime ({@link #DEFAULT_SESSION_EXPIRY} unless configured), or, where the UAs use RFC
 *       4028 session timers (a Session-Expires in the 2xx), the session interval: a session not
 *       refreshed within it is over (RFC 4028 §10). The proxy then sends a BYE to each party
 *       ({@link Teardown}) and the call's {@link MediaSession} deletes its media, so the phones,
 *       the relay and its pin are freed too;
 *   <li>or when the relay ended its media by itself ({@link #relayEnded}).
 * </ul>
 */
final class AnsweredCalls {
  private static final Logger LOG = LoggerFactory.getLogger(AnsweredCalls.class);

  /**
   * How long an answered call lives without any in-dialog request: 12 hours, Kamailio's dialog
   * module {@code default_timeout} (43200 s). Long enough for any real call; session-timer
   * refreshes (RFC 4028 re-INVITE/UPDATE) re-arm it.
   */
  static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(12);

  private record Key(String callId, String calleeTag) {}

  private static final class Entry {
    final Gateway gateway;
    final DialogState dialog; // null when the 2xx lacked what a dialog needs
    final MediaSession media;
    long expiryNanos; // a refresh's 2xx may set another session interval (RFC 4028 §7.2)
    Scheduler.Cancellable timer;

    Entry(Gateway gateway, DialogState dialog, MediaSession media, long expiryNanos) {
      this.gateway = gateway;
      this.dialog = dialog;
      this.media = media;
      this.expiryNanos = expiryNanos;
    }
  }

  private final Map<Key, Entry> calls = new HashMap<>();
  private final CallLoad load;
  private final Scheduler scheduler;
  private final long expiryNanos;
  private final CallEvents events;
  private final Consumer<DialogState> teardown;
  private final DialogListener listener;
  private final Function<String, String> relayNodeOf;
  private final LongSupplier wallMillis;
  private long relayEndedTotal;

  /**
   * @param expiry the dialog lifetime without an in-dialog request
   * @param teardown sends the BYEs of a dialog the proxy ends
   */
  AnsweredCalls(
      CallLoad load,
      Scheduler scheduler,
      Duration expiry,
      CallEvents events,
      Consumer<DialogState> teardown) {
    this(load, scheduler, expiry, events, teardown, DialogListener.NONE, id -> null, () -> 0);
  }

  /**
   * @param listener told about every dialog answered, refreshed and ended here (HA replication)
   * @param relayNodeOf the relay node holding a call's media, for the listener
   * @param wallMillis the wall clock the listener's expiry times are in
   */
  AnsweredCalls(
      CallLoad load,
      Scheduler scheduler,
      Duration expiry,
      CallEvents events,
      Consumer<DialogState> teardown,
      DialogListener listener,
      Function<String, String> relayNodeOf,
      LongSupplier wallMillis) {
    this.listener = listener;
    this.relayNodeOf = relayNodeOf;
    this.wallMillis = wallMillis;
    this.load = load;
    this.events = events;
    this.scheduler = scheduler;
    this.expiryNanos = expiry.toNanos();
    this.teardown = teardown;
  }

  /**
   * A 2xx from {@code gateway} established a dialog. The caller already counted the call as started
   * on the gateway; from now on this table ends it. A second 2xx of the same dialog (a
   * retransmission) changes nothing: the load it carries is ended at once.
   *
   * @param dialog what a BYE to each side needs, or null
   * @param media the call's media session, from now on the dialog's
   * @param sessionInterval the RFC 4028 session interval of the 2xx, or null without session timer
   */
  void answered(
      String callId,
      String calleeTag,
      Gateway gateway,
      DialogState dialog,
      MediaSession media,
      Duration sessionInterval) {
    Key key = new Key(callId, calleeTag);
    if (calls.containsKey(key)) {
      load.ended(gateway);
      return;
    }
    long expiry =
        sessionInterval == null ? expiryNanos : Math.min(expiryNanos, sessionInterval.toNanos());
    Entry e = new Entry(gateway, dialog, media, expiry);
    calls.put(key, e);
    arm(key, e);
    if (listener != DialogListener.NONE) {
      long interval = expiry / 1_000_000;
      listener.answered(
          DialogReplicas.of(
              callId,
              calleeTag,
              gateway,
              dialog,
              events.call(callId),
              relayNodeOf.apply(callId),
              interval,
              wallMillis.getAsLong() + interval));
    }
  }

  /**
   * A dialog answered in another process (a restart, a takeover), carried on here: it counts on its
   * gateway, expires at its time (at once when that has passed), and ends as any other.
   *
   * @return false when a dialog with these keys is already here
   */
  boolean restore(
      String callId,
      String calleeTag,
      Gateway gateway,
      DialogState dialog,
      MediaSession media,
      long intervalNanos,
      long remainingNanos) {
    Key key = new Key(callId, calleeTag);
    if (calls.containsKey(key)) {
      return false;
    }
    load.started(gateway);
    Entry e = new Entry(gateway, dialog, media, intervalNanos);
    calls.put(key, e);
    e.timer = expire(key, e, Math.max(0, remainingNanos));
    return true;
  }

  /**
   * An in-dialog request from {@code fromTag} to {@code toTag} with CSeq {@code cseq}: the dialog
   * is alive, and that side's CSeq has reached {@code cseq}.
   */
  void refreshed(String callId, String fromTag, String toTag, int cseq) {
    Key key = find(callId, fromTag, toTag);
    if (key != null) {
      Entry e = calls.get(key);
      e.timer.cancel();
      arm(key, e);
      if (e.dialog != null) {
        e.dialog.sent(fromTag, cseq);
      }
      replicateRefresh(key, e);
    }
  }

  private void replicateRefresh(Key key, Entry e) {
    if (listener != DialogListener.NONE) {
      long interval = e.expiryNanos / 1_000_000;
      listener.refreshed(
          key.callId(),
          key.calleeTag(),
          e.dialog == null ? -1 : e.dialog.caller.cseq,
          e.dialog == null ? -1 : e.dialog.callee.cseq,
          interval,
          wallMillis.getAsLong() + interval);
    }
  }

  /**
   * A 2xx to a refresh (re-INVITE or UPDATE) in the call between {@code tagA} and {@code tagB}
   * carried {@code sessionInterval} (RFC 4028 §7.2, §9): the session now lasts that long from here,
   * capped by the dialog lifetime.
   */
  void sessionRefreshed(String callId, String tagA, String tagB, Duration sessionInterval) {
    Key key = find(callId, tagA, tagB);
    if (key != null) {
      Entry e = calls.get(key);
      e.expiryNanos = Math.min(expiryNanos, sessionInterval.toNanos());
      e.timer.cancel();
      arm(key, e);
      replicateRefresh(key, e);
    }
  }

  /** The dialog state of the call between {@code tagA} and {@code tagB}, or null. */
  DialogState dialog(String callId, String tagA, String tagB) {
    Key key = find(callId, tagA, tagB);
    return key == null ? null : calls.get(key).dialog;
  }

  /** The media session of the call between {@code tagA} and {@code tagB}, or null. */
  MediaSession session(String callId, String tagA, String tagB) {
    Key key = find(callId, tagA, tagB);
    return key == null ? null : calls.get(key).media;
  }

  /** A BYE between {@code tagA} and {@code tagB} completed: the call is over. */
  void ended(String callId, String tagA, String tagB) {
    ended(callId, tagA, tagB, "BYE");
  }

  /** The call between {@code tagA} and {@code tagB} is over ({@code how}: for the call log). */
  void ended(String callId, String tagA, String tagB, String how) {
    Key key = find(callId, tagA, tagB);
    if (key != null) {
      remove(key, how).timer.cancel();
    }
  }

  /**
   * The relay ended the media of every dialog of {@code callId} by itself ({@code reason}): each is
   * over, with a BYE to both parties and no delete (the relay has nothing left).
   *
   * @return how many dialogs ended
   */
  int relayEnded(String callId, String reason) {
    int n = 0;
    for (Key key : new java.util.ArrayList<>(calls.keySet())) {
      if (key.callId().equals(callId)) {
        Entry e = remove(key, "relay-" + reason);
        e.timer.cancel();
        e.media.relayEnded();
        if (e.dialog != null) {
          teardown.accept(e.dialog);
        }
        n++;
      }
    }
    relayEndedTotal += n;
    return n;
  }

  /** Dialogs ended on this loop because the relay ended their media. */
  long relayEndedTotal() {
    return relayEndedTotal;
  }

  /** Answered calls still running on this loop. */
  int size() {
    return calls.size();
  }

  private Key find(String callId, String tagA, String tagB) {
    for (String tag : new String[] {tagA, tagB}) {
      if (tag != null) {
        Key key = new Key(callId, tag);
        if (calls.containsKey(key)) {
          return key;
        }
      }
    }
    return null;
  }

  private void arm(Key key, Entry e) {
    e.timer = expire(key, e, e.expiryNanos);
  }

  private Scheduler.Cancellable expire(Key key, Entry e, long afterNanos) {
    return scheduler.schedule(
        () -> {
          if (calls.get(key) == e) {
            LOG.info(
                "call {}: no request within {}: BYE to both parties, media deleted",
                key.callId(),
                Duration.ofNanos(e.expiryNanos));
            remove(key, e.expiryNanos < expiryNanos ? "session-expired" : "expiry");
            e.media.delete(key.calleeTag());
            if (e.dialog != null) {
              teardown.accept(e.dialog);
            }
          }
        },
        afterNanos);
  }

  private Entry remove(Key key, String how) {
    Entry e = calls.remove(key);
    load.ended(e.gateway);
    events.ended(key.callId(), how);
    listener.ended(key.callId(), key.calleeTag());
    return e;
  }
}
