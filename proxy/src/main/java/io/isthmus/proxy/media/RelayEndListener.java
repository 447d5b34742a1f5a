package io.isthmus.proxy.media;

/**
 * Hears of calls whose media the relay ended on its own: a media timeout ({@code timeout}, {@code
 * silent-timeout}, {@code final-timeout}, {@code offer-timeout}), or a session the relay no longer
 * has ({@code gone}: found by the reconcile with the relay's {@code list}). May be called on any
 * thread; the proxy hands it to the call's loop and ends the call.
 */
@FunctionalInterface
public interface RelayEndListener {
  /** Ignores everything. */
  RelayEndListener NONE = (callId, reason) -> {};

  void relayEnded(String callId, String reason);
}
