package io.isthmus.proxy.media;

import io.isthmus.ng.NgCommandHandler;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.bencode.BDict;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Media control bound to a relay in the same JVM: the same NG dictionaries as over UDP ({@link
 * NgRequests}), read into an {@link NgRequest} and handed to the relay's {@link NgCommandHandler}
 * directly, with no socket and no cookie. The handler must not block (it runs on the caller's
 * thread, an event loop).
 */
public final class InProcessMediaControl implements MediaControl {
  private final NgCommandHandler handler;
  private final NgRequests requests;
  private volatile RelayEndListener listener = RelayEndListener.NONE;

  public InProcessMediaControl(NgCommandHandler handler, MediaSettings settings) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.requests = new NgRequests(settings);
  }

  @Override
  public CompletionStage<MediaResult> offer(MediaOffer offer) {
    String refusal = requests.refusal(offer); // a network's media-protocol the offer lacks
    if (refusal != null) {
      return CompletableFuture.completedFuture(new MediaResult.Rejected(refusal));
    }
    return call(requests.offer(offer));
  }

  @Override
  public CompletionStage<MediaResult> answer(MediaAnswer answer) {
    return call(requests.answer(answer));
  }

  @Override
  public CompletionStage<MediaResult> delete(MediaDelete delete) {
    return call(requests.delete(delete));
  }

  @Override
  public void onRelayEnded(RelayEndListener l) {
    this.listener = l == null ? RelayEndListener.NONE : l;
  }

  /**
   * The relay ended a call by itself ({@code reason}: timeout, silent-timeout, final-timeout,
   * offer-timeout): the wiring calls this from the relay's call listener, on the call's loop.
   */
  public void relayEnded(String callId, String reason) {
    listener.relayEnded(callId, reason);
  }

  private CompletionStage<MediaResult> call(BDict dict) {
    try {
      return handler
          .handle(NgRequest.of(dict))
          .handle(
              (reply, error) ->
                  error == null
                      ? NgRequests.result(reply)
                      : new MediaResult.Rejected(reasonOf(error)));
    } catch (NgException e) {
      return CompletableFuture.completedFuture(new MediaResult.Rejected(e.reason()));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new MediaResult.Unavailable(e.toString()));
    }
  }

  /** A failed stage is an error reply (NgCommandHandler's contract): its reason, or the cause. */
  private static String reasonOf(Throwable error) {
    Throwable t =
        error instanceof java.util.concurrent.CompletionException c ? c.getCause() : error;
    return t instanceof NgException ng ? ng.reason() : String.valueOf(t);
  }
}
