package io.isthmus.proxy.media;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The relay as the proxy core sees it: offer, answer and delete, each completing with a {@link
 * MediaResult} and never exceptionally. No method blocks; stages may complete on any thread, so the
 * core continues on the call's own loop ({@code whenCompleteAsync(..., loop)}).
 */
public interface MediaControl extends AutoCloseable {

  /** Allocates or updates media for an offer; the result carries the SDP to send on. */
  CompletionStage<MediaResult> offer(MediaOffer offer);

  /** Completes an offer/answer exchange; the result carries the SDP to send back. */
  CompletionStage<MediaResult> answer(MediaAnswer answer);

  /** Releases media; the result's SDP is empty. */
  CompletionStage<MediaResult> delete(MediaDelete delete);

  /**
   * From now on tells {@code listener} about calls whose media the relay ended by itself (media
   * timeouts, lost sessions), so that the proxy ends those calls too. One listener; a second call
   * replaces the first.
   */
  default void onRelayEnded(RelayEndListener listener) {}

  /** The relay nodes and their state; empty for a relay in the same process. */
  default List<NodeStatus> nodeStatus() {
    return List.of();
  }

  /** Releases sockets and timers of the implementation (not the relay's calls). */
  @Override
  default void close() {}
}
