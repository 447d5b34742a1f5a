package io.isthmus.common.time;

/**
 * Runs a task after a delay measured on the owner's {@link Clock}. Production schedules on the
 * Netty event loop that owns the state ({@link ExecutorScheduler}), so the task runs on the owning
 * thread; tests use a fake that runs due tasks when its clock is advanced.
 */
@FunctionalInterface
public interface Scheduler {

  /** Schedules {@code task} to run once, {@code delayNanos} from now. */
  Cancellable schedule(Runnable task, long delayNanos);

  /** A handle to a scheduled task. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not run yet; does nothing otherwise. */
    void cancel();
  }
}
