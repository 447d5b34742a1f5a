package io.isthmus.media.control;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.Scheduler;
import io.isthmus.media.relay.MediaRelay;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission of new calls under {@link LoadLimits}, as rtpengine does it ({@code
 * call_offer_session_limit}): the checks run in rtpengine's order (sessions, load, CPU, bandwidth)
 * against the last samples, each limit reached when the value is at or above it. A client that
 * announced {@code supports: ["load limit"]} (Kamailio does) gets {@code result: load limit} with
 * the limit's own message; any other gets the error {@value NgResponse#SESSION_LIMIT}, whatever the
 * limit, rtpengine's legacy answer. Kamailio and the Isthmus proxy try the next relay on both.
 *
 * <p>Load and CPU are sampled every 0.5 s, the traffic every second (rtpengine's intervals), on the
 * relay's scheduler, and only when such a limit is set. Checks read the samples from any thread.
 */
final class LoadMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(LoadMonitor.class);

  /** rtpengine's load monitor interval. */
  static final long LOAD_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** rtpengine's rate statistics interval (bandwidth). */
  static final long TRAFFIC_SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final LoadLimits limits;
  private final LoadSource source;
  private final MediaRelay relay;
  private final RelayCounters counters;
  private final Clock clock;
  private final Scheduler scheduler;

  private volatile double load;
  private volatile double cpu;
  private volatile long bytesPerSecond;
  private volatile boolean stopped;
  private volatile Scheduler.Cancellable next;
  // Written by the sampling task only (one at a time, each scheduling the next).
  private long trafficBytes;
  private long trafficNanos;

  LoadMonitor(
      LoadLimits limits,
      LoadSource source,
      MediaRelay relay,
      RelayCounters counters,
      Clock clock,
      Scheduler scheduler) {
    this.limits = limits;
    this.source = source;
    this.relay = relay;
    this.counters = counters;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  /** Takes the first samples and keeps sampling, if a load, CPU or bandwidth limit is set. */
  void start() {
    if (!limits.needsSampling()) {
      return;
    }
    trafficBytes = relay.receivedBytes();
    trafficNanos = clock.nanos();
    sample();
  }

  private void sample() {
    if (stopped) {
      return;
    }
    try {
      if (limits.maxLoad() > 0) {
        load = source.loadAverage();
      }
      if (limits.maxCpu() > 0) {
        cpu = source.cpuPercent();
      }
      long now = clock.nanos();
      if (limits.maxBandwidth() > 0 && now - trafficNanos >= TRAFFIC_SAMPLE_NANOS) {
        long bytes = relay.receivedBytes();
        bytesPerSecond =
            (long) ((bytes - trafficBytes) * (double) TRAFFIC_SAMPLE_NANOS / (now - trafficNanos));
        trafficBytes = bytes;
        trafficNanos = now;
      }
    } catch (RuntimeException e) {
      LOG.warn("load sampling failed: {}", e.toString());
    }
    next = scheduler.schedule(this::sample, LOAD_SAMPLE_NANOS);
  }

  /** Stops sampling. */
  void stop() {
    stopped = true;
    Scheduler.Cancellable n = next;
    if (n != null) {
      n.cancel();
    }
  }

  /**
   * The reply refusing an offer that would create a call, or null when the call may be created.
   * Counts a refusal by the session limit (rtpengine's {@code rejectedsessions}).
   */
  NgResponse refuse(NgRequest req) {
    String reason = limitReached();
    if (reason == null) {
      return null;
    }
    LOG.debug("new call {} refused: {}", req.callId(), reason);
    return req.supportsLoadLimit()
        ? NgResponse.loadLimit(reason)
        : NgResponse.error(NgResponse.SESSION_LIMIT);
  }

  private String limitReached() {
    if (limits.maxSessions() >= 0 && relay.callCount() >= limits.maxSessions()) {
      counters.rejected.increment();
      return NgResponse.SESSION_LIMIT;
    }
    if (limits.maxLoad() > 0 && load >= limits.maxLoad()) {
      return NgReasons.LOAD_LIMIT;
    }
    if (limits.maxCpu() > 0 && cpu >= limits.maxCpu()) {
      return NgReasons.CPU_LIMIT;
    }
    if (limits.maxBandwidth() > 0 && bytesPerSecond >= limits.maxBandwidth()) {
      return NgReasons.BANDWIDTH_LIMIT;
    }
    return null;
  }
}
