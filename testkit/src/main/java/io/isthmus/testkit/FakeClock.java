package io.isthmus.testkit;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A manual {@link Clock} and {@link Scheduler} for deterministic tests: time moves only when the
 * test calls {@link #advance}, which runs every task that falls due, in due-time order (ties in
 * scheduling order), with the clock set to each task's due time while it runs. Tasks scheduled by
 * running tasks are honoured within the same advance. Single-threaded by design, like the event
 * loop it stands in for.
 */
public final class FakeClock implements Clock, Scheduler {

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) ->
              a.due != b.due
                  ? Long.compare(a.due - b.due, 0)
                  : Long.compare(a.sequence, b.sequence));
  private long now;
  private long sequence;

  /** A clock at an arbitrary, non-zero origin (catches code that assumes time starts at 0). */
  public FakeClock() {
    this(1_000_000_000_000L);
  }

  /** A clock starting at {@code originNanos}. */
  public FakeClock(long originNanos) {
    this.now = originNanos;
  }

  @Override
  public long nanos() {
    return now;
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    Task t = new Task(now + Math.max(0, delayNanos), sequence++, task);
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
    long target = now + nanos;
    Task next;
    while ((next = tasks.peek()) != null && next.due - target <= 0) {
      tasks.poll();
      now = next.due;
      if (!next.cancelled) {
        next.runnable.run();
      }
    }
    now = target;
  }

  /** Number of scheduled tasks not yet run or cancelled. */
  public int pendingTasks() {
    return (int) tasks.stream().filter(t -> !t.cancelled).count();
  }

  private static final class Task {
    final long due;
    final long sequence;
    final Runnable runnable;
    boolean cancelled;

    Task(long due, long sequence, Runnable runnable) {
      this.due = due;
      this.sequence = sequence;
      this.runnable = runnable;
    }
  }
}
