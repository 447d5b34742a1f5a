package io.isthmus.ng.net;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Lets idle Netty event loops sleep. A Netty 4.2 loop with no scheduled task waits at most one
 * second for I/O (its purge interval), so every idle loop woke once a second: on the 2-core VM each
 * wake-up of a thread costs 0.3-0.9 ms of CPU, a large part of an idle process's cost. With a task
 * scheduled an hour out the wait is bounded by that task instead, and the loop wakes only for I/O,
 * for work handed to it and for its own timers.
 */
public final class QuietLoops {
  /** How far out the placeholder task is; it reschedules itself when it runs. */
  static final long HOURS = 1;

  private QuietLoops() {}

  /** Schedules the placeholder on every loop of {@code group}; returns the group. */
  public static <G extends EventLoopGroup> G keepAsleep(G group) {
    for (EventExecutor loop : group) {
      schedule(loop);
    }
    return group;
  }

  private static void schedule(EventExecutor loop) {
    if (!loop.isShuttingDown()) {
      loop.schedule(() -> schedule(loop), HOURS, TimeUnit.HOURS);
    }
  }
}
