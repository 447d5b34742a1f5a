package io.isthmus.proxy.core;

import io.isthmus.common.time.Scheduler;
import io.isthmus.proxy.dispatcher.CallLoad;
import io.isthmus.proxy.dispatcher.Gateway;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
 *   <li>or after {@link #DEFAULT_SESSION_EXPIRY} without any in-dialog request (each one re-arms
 *       the timer), for a dialog whose BYE never came through this proxy (a crashed phone, a BYE
 *       sent around us). The call's {@link MediaSession} then deletes its media, so the relay and
 *       its pin are freed too.
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
    Scheduler.Cancellable timer;

    Entry(Gateway gateway, DialogState dialog, MediaSession media) {
      this.gateway = gateway;
      this.dialog = dialog;
      this.media = media;
    }
  }

  private final Map<Key, Entry> calls = new HashMap<>();
  private final CallLoad load;
  private final Scheduler scheduler;
  private final long expiryNanos;
  private final CallEvents events;

  AnsweredCalls(CallLoad load, Scheduler scheduler, Duration expiry, CallEvents events) {
    this.load = load;
    this.events = events;
    this.scheduler = scheduler;
    this.expiryNanos = expiry.toNanos();
  }

  /**
   * A 2xx from {@code gateway} established a dialog. The caller already counted the call as started
   * on the gateway; from now on this table ends it. A second 2xx of the same dialog (a
   * retransmission) changes nothing: the load it carries is ended at once.
   *
   * @param dialog what a BYE to each side needs, or null
   * @param media the call's media session, from now on the dialog's
   */
  void answered(
      String callId, String calleeTag, Gateway gateway, DialogState dialog, MediaSession media) {
    Key key = new Key(callId, calleeTag);
    if (calls.containsKey(key)) {
      load.ended(gateway);
      return;
    }
    Entry e = new Entry(gateway, dialog, media);
    calls.put(key, e);
    arm(key, e);
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
    e.timer =
        scheduler.schedule(
            () -> {
              if (calls.get(key) == e) {
                LOG.info("call {}: no request within {}, media deleted", key.callId(), expiry());
                remove(key, "expiry");
                e.media.delete(key.calleeTag());
              }
            },
            expiryNanos);
  }

  private Duration expiry() {
    return Duration.ofNanos(expiryNanos);
  }

  private Entry remove(Key key, String how) {
    Entry e = calls.remove(key);
    load.ended(e.gateway);
    events.ended(key.callId(), how);
    return e;
  }
}
