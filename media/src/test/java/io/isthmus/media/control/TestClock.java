package io.isthmus.media.control;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when the test advances it, readable from the media loops while the test
 * thread advances it; due tasks run on the advancing thread in time order.
 */
final class TestClock implements Clock, Scheduler {
  private final AtomicLong now = new AtomicLong(5_000_000_000_000L);
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long sequence;

  private record Task(long due, long order, Runnable action, boolean[] cancelled)
      implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  @Override
  public long nanos() {
    return now.get();
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, long delayNanos) {
    boolean[] cancelled = new boolean[1];
    tasks.add(new Task(now.get() + delayNanos, sequence++, task, cancelled));
    return () -> {
      synchronized (TestClock.this) {
        cancelled[0] = true;
      }
    };
  }

  void advance(Duration d) {
    long target = now.get() + d.toNanos();
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due() > target) {
          break;
        }
        tasks.poll();
        if (next.cancelled()[0]) {
          continue;
        }
      }
      now.set(Math.max(now.get(), next.due()));
      next.action().run();
    }
    now.set(target);
  }
}
