package io.isthmus.proxy.transaction;

import io.isthmus.common.time.Scheduler;

/** One named timer of a transaction: at most one pending task, restarted or stopped at will. */
final class TimerSlot {
  private final Scheduler scheduler;
  private Scheduler.Cancellable pending;

  TimerSlot(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** (Re)starts the timer: {@code task} runs after {@code delayNanos} unless stopped first. */
  void start(long delayNanos, Runnable task) {
    stop();
    pending =
        scheduler.schedule(
            () -> {
              pending = null;
              task.run();
            },
            delayNanos);
  }

  void stop() {
    if (pending != null) {
      pending.cancel();
      pending = null;
    }
  }

  boolean running() {
    return pending != null;
  }
}
