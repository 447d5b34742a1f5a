package io.isthmus.media.relay;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to, and a scheduler that runs due tasks (in time order, on the
 * thread calling {@link #advance}) as it moves. Unlike testkit's single-threaded FakeClock it is
 * readable from any thread: the media event loops read it on every packet while the test thread
 * advances it.
 */
final class SharedFakeClock implements Clock, Scheduler {

  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
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
      synchronized (SharedFakeClock.this) {
        cancelled[0] = true;
      }
    };
  }

  /** Moves time forward by {@code d}, running every task that falls due on the way. */
  public void advance(Duration d) {
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

  /** Tasks still waiting (cancelled ones included until their time passes). */
  public synchronized int pendingTasks() {
    return tasks.size();
  }
}
