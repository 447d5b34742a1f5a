package io.isthmus.proxy.core;

import io.isthmus.proxy.media.MediaAnswer;
import io.isthmus.proxy.media.MediaControl;
import io.isthmus.proxy.media.MediaDelete;
import io.isthmus.proxy.media.MediaOffer;
import io.isthmus.proxy.media.MediaResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media of one call as the proxy drives it: offer, answer and delete in the order the
 * signalling asked for them, and the delete exactly once.
 *
 * <p>Order: each step starts once the previous step's media command completed, so a 183 with SDP
 * and the 200 right behind it reach the caller in that order although each waits for its own answer
 * from the relay. Each step runs on the call's loop: inline when the previous result is already
 * there (the in-process relay completes on the same loop before returning), otherwise when the
 * relay's reply arrives (NG over UDP), through one hand-over to the loop.
 *
 * <p>Lifetime: created with the call's initial INVITE; once answered it lives with the dialog in
 * {@link AnsweredCalls}, so re-INVITEs, the BYE, {@code terminate} and the session expiry all go
 * through the same session and its single delete.
 */
final class MediaSession {
  private static final Logger LOG = LoggerFactory.getLogger(MediaSession.class);

  private final MediaControl media;
  private final Executor loop;
  private final String callId;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
  private boolean allocated;
  private boolean attempted;
  private boolean deleted;

  /**
   * @param loop runs a step on the call's loop, inline when called there
   */
  MediaSession(MediaControl media, Executor loop, String callId) {
    this.media = media;
    this.loop = loop;
    this.callId = callId;
  }

  /**
   * A session for a call whose media this proxy did not set up in this process (its answered entry
   * expired, or another instance placed it): assumed allocated, so a BYE still deletes it.
   */
  static MediaSession adopted(MediaControl media, Executor loop, String callId) {
    MediaSession s = new MediaSession(media, loop, callId);
    s.allocated = true;
    return s;
  }

  /** Whether the relay holds media for this call (an offer succeeded, no delete since). */
  boolean allocated() {
    return allocated && !deleted;
  }

  /** Offers in order; {@code then} gets the result on the loop. */
  void offer(MediaOffer offer, Consumer<MediaResult> then) {
    command(() -> media.offer(offer), then);
  }

  /** Answers in order; {@code then} gets the result on the loop. */
  void answer(MediaAnswer answer, Consumer<MediaResult> then) {
    command(() -> media.answer(answer), then);
  }

  /** Runs {@code step} after every earlier step, without a media command of its own. */
  void then(Runnable step) {
    tail = tail.thenRunAsync(guarded(step), loop);
  }

  /**
   * The relay ended this call's media by itself (a media timeout, a lost session): no delete is
   * sent for it any more.
   */
  void relayEnded() {
    deleted = true;
  }

  /**
   * Deletes the call's media after every earlier step, once: later calls do nothing, and nothing is
   * sent when no offer was ever sent. An offer that failed is deleted too: a relay may have set up
   * part of the call before failing, or taken the offer after its reply was lost.
   *
   * @param fromTag a tag of the call (rtpengine deletes the whole call by Call-ID and from-tag)
   */
  void delete(String fromTag) {
    if (deleted) {
      return;
    }
    deleted = true;
    // after the earlier steps, but later steps do not wait for the delete's reply: a BYE must not
    // wait on a slow or dead relay
    tail =
        tail.thenRunAsync(
            () -> {
              if (allocated || attempted) {
                media
                    .delete(MediaDelete.call(callId, fromTag))
                    .whenComplete(
                        (r, e) -> {
                          if ((e != null || !r.ok()) && allocated) {
                            LOG.warn("call {}: media delete failed: {}", callId, e != null ? e : r);
                          } else if (e != null || !r.ok()) {
                            // after a failed offer the relay usually has nothing to delete
                            LOG.debug("call {}: media delete: {}", callId, e != null ? e : r);
                          }
                        });
              }
            },
            loop);
  }

  private void command(
      java.util.function.Supplier<CompletionStage<MediaResult>> send, Consumer<MediaResult> then) {
    tail =
        tail.thenComposeAsync(
                v -> {
                  if (deleted) {
                    // the call ended while this step waited: no new media for it
                    return CompletableFuture.completedFuture(
                        (MediaResult) new MediaResult.Rejected("call ended"));
                  }
                  attempted = true;
                  return send.get();
                },
                loop)
            .handle((r, e) -> e == null ? r : new MediaResult.Unavailable(e.toString()))
            .thenAcceptAsync(
                r -> {
                  if (r instanceof MediaResult.Sdp) {
                    allocated = true; // even when deleted meanwhile: the delete step needs it
                  }
                  guarded(() -> then.accept(r)).run();
                },
                loop);
  }

  private Runnable guarded(Runnable step) {
    return () -> {
      try {
        step.run();
      } catch (RuntimeException e) {
        LOG.warn("call {}: step failed", callId, e);
      }
    };
  }
}
