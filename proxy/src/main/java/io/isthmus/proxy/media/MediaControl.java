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

  /**
   * The name of the relay node holding {@code callId}'s media (what {@link NodeStatus#name} shows),
   * or null: a relay in the same process, or a call pinned nowhere.
   */
  default String pinnedNode(String callId) {
    return null;
  }

  /**
   * Pins {@code callId} to the node named {@code node}, as if its offer had gone there: a call set
   * up by another process (a restarted or standby proxy carrying it on), whose answers, re-offers
   * and delete must reach the node that has its media. Unknown names are ignored (false).
   */
  default boolean pin(String callId, String node) {
    return false;
  }

  /**
   * Starts ({@code on}) or stops draining the relay node named {@code node}: no new calls go to it,
   * its calls keep it until they end.
   *
   * @return the calls on the node now, or -1 when there is no such node (or no nodes at all)
   */
  default int drain(String node, boolean on) {
    return -1;
  }

  /** The relay nodes and their state; empty for a relay in the same process. */
  default List<NodeStatus> nodeStatus() {
    return List.of();
  }

  /** Releases sockets and timers of the implementation (not the relay's calls). */
  @Override
  default void close() {}
}
