package io.isthmus.ng;

import java.util.concurrent.CompletionStage;

/**
 * Carries out NG commands: the media engine implements it. The NG server answers {@code ping}
 * itself and never calls the handler for requests it could not read.
 *
 * <p>Called on the server's event loop; must not block it. The stage may complete on any thread. A
 * failed stage is answered with an error ({@link NgException#reason()} when it is one).
 */
@FunctionalInterface
public interface NgCommandHandler {

  /** Executes {@code request} once (retransmissions are answered from the reply cache). */
  CompletionStage<NgResponse> handle(NgRequest request);

  /** A {@code ping} the server answered itself (for request statistics); by default ignored. */
  default void pinged(NgRequest request) {}
}
