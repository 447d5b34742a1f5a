package io.isthmus.proxy.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the steps of one call in order on the call's loop, each after the previous one's media
 * command completed: a 183 with SDP and the 200 right behind it must reach the caller in that
 * order, although each waits for its own answer from the relay.
 */
final class SerialQueue {
  private static final Logger LOG = LoggerFactory.getLogger(SerialQueue.class);

  private final Executor loop;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  SerialQueue(Executor loop) {
    this.loop = loop;
  }

  /** Runs {@code step} on the loop once every earlier step is done; a failing step is logged. */
  void then(Supplier<? extends CompletionStage<?>> step) {
    tail =
        tail.thenComposeAsync(
                v -> {
                  try {
                    return step.get().handle((x, e) -> log(e));
                  } catch (RuntimeException e) {
                    return CompletableFuture.completedFuture(log(e));
                  }
                },
                loop)
            .exceptionally(SerialQueue::log);
  }

  /** Runs {@code step} in order, without waiting for anything it starts. */
  void thenRun(Runnable step) {
    then(
        () -> {
          step.run();
          return CompletableFuture.completedFuture(null);
        });
  }

  private static Void log(Throwable e) {
    if (e != null) {
      LOG.warn("call step failed", e);
    }
    return null;
  }
}
