package io.isthmus.testkit;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A manual {@link Clock} and {@link Scheduler} for deterministic tests: time moves only when the
 * test calls {@link #advance}, which runs every task that falls due, in due-time order (ties in
 * scheduling order), on the advancing thread, with the clock set to each task's due time while it
 * runs. Tasks scheduled by running tasks are honoured within the same advance.
 *
 * <p>Safe to read and schedule from other threads (event loops read the time on every packet while
 * the test thread advances it); tasks still run only on the thread that advances.
 */
public final class FakeClock implements Clock, Scheduler {

  private final AtomicLong now;
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) ->
              a.due != b.due
                  ? Long.compare(a.due - b.due, 0)
                  : Long.compare(a.sequence, b.sequence));
  private long sequence;

  /** A clock at an arbitrary, non-zero origin (catches code that assumes time starts at 0). */
  public FakeClock() {
    this(1_000_000_000_000L);
  }

  /** A clock starting at {@code originNanos}. */
  public FakeClock(long originNanos) {
    this.now = new AtomicLong(originNanos);
  }

  @Override
  public long nanos() {
    return now.get();
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, long delayNanos) {
    Task t = new Task(now.get() + Math.max(0, delayNanos), sequence++, task);
    tasks.add(t);
    return () -> t.cancelled = true;
  }

  /** Moves time forward by {@code duration}, running the tasks that fall due on the way. */
  public void advance(Duration duration) {
    advanceNanos(duration.toNanos());
  }

  /** Moves time forward by {@code nanos}, running the tasks that fall due on the way. */
  public void advanceNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("time cannot go back: " + nanos);
    }
    long target = now.get() + nanos;
    Task next;
    while ((next = pollDue(target)) != null) {
      now.set(next.due);
      if (!next.cancelled) {
        next.runnable.run(); // outside the lock: the task may schedule more
      }
    }
    now.set(target);
  }

  private synchronized Task pollDue(long target) {
    Task next = tasks.peek();
    return next != null && next.due - target <= 0 ? tasks.poll() : null;
  }

  /** Number of scheduled tasks not yet run or cancelled. */
  public synchronized int pendingTasks() {
    return (int) tasks.stream().filter(t -> !t.cancelled).count();
  }

  private static final class Task {
    final long due;
    final long sequence;
    final Runnable runnable;
    volatile boolean cancelled;

    Task(long due, long sequence, Runnable runnable) {
      this.due = due;
      this.sequence = sequence;
      this.runnable = runnable;
    }
  }
}
