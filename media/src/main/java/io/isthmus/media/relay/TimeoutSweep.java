package io.isthmus.media.relay;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.Scheduler;
import io.netty.channel.EventLoop;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic timeout check ({@link TimeoutRules}): every interval, on one scheduler, it hands
 * each event loop a check of the calls that loop owns, so a call is only ever judged and removed on
 * its own loop. This is one of the few places work crosses threads: one {@code execute} per loop
 * per interval, not per call.
 */
final class TimeoutSweep {
  private static final Logger LOG = LoggerFactory.getLogger(TimeoutSweep.class);

  private final MediaRelay relay;
  private final Collection<Call> calls;
  private final List<EventLoop> loops;
  private final Scheduler scheduler;
  private final long intervalNanos;
  private final TimeoutRules rules;
  private final Clock clock;
  private volatile boolean stopped;
  private volatile Scheduler.Cancellable next;

  TimeoutSweep(
      MediaRelay relay,
      Collection<Call> calls,
      List<EventLoop> loops,
      Scheduler scheduler,
      RelayConfig config,
      Clock clock) {
    this.relay = relay;
    this.calls = calls;
    this.loops = loops;
    this.scheduler = scheduler;
    this.intervalNanos = config.sweepInterval().toNanos();
    this.rules = config.timeoutRules();
    this.clock = clock;
  }

  void start() {
    if (!stopped) {
      next = scheduler.schedule(this::sweepAll, intervalNanos);
    }
  }

  void stop() {
    stopped = true;
    Scheduler.Cancellable s = next;
    if (s != null) {
      s.cancel();
    }
  }

  private void sweepAll() {
    if (stopped) {
      return;
    }
    // With no call there is nothing to judge: the other loops are not woken (an idle relay's
    // CPU is mostly its wake-ups).
    if (!calls.isEmpty()) {
      for (EventLoop loop : loops) {
        loop.execute(() -> sweep(loop));
      }
    }
    start();
  }

  private void sweep(EventLoop loop) {
    long now = clock.nanos();
    for (Call call : calls) {
      if (call.owner() == loop && !call.isDeleted()) {
        DeletionReason reason = rules.check(call, now);
        if (reason != null) {
          LOG.info("closing call {} due to {}", call.callId(), reason);
          relay.remove(call, reason);
        }
      }
    }
  }
}
