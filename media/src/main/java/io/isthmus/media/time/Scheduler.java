package io.isthmus.media.time;

/**
 * Runs a task after a delay measured on the relay's {@link Clock}. Production schedules on a Netty
 * event loop ({@link ExecutorScheduler}); tests use a fake that runs due tasks when the fake clock
 * is advanced. A task must not assume which thread runs it: the relay hands work over to the owning
 * event loop itself.
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
