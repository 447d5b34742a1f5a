package io.isthmus.media.relay;

import io.isthmus.media.net.LogicalInterface;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the relay engine, with rtpengine's names and defaults where rtpengine has them. A
 * zero duration switches the corresponding timeout off.
 *
 * @param interfaces logical interfaces; names unique
 * @param portMin lowest relay port ({@value #DEFAULT_PORT_MIN}, rtpengine's {@code port-min})
 * @param portMax highest relay port ({@value #DEFAULT_PORT_MAX}, rtpengine's code default)
 * @param eventLoops media event loops (default: one per core)
 * @param preferEpoll use native epoll when it loads (else NIO)
 * @param learningWindow how long after signalling the relay follows a party's source address before
 *     locking it (3 s, rtpengine's learning delay)
 * @param timeout {@code timeout}: a call whose streams all saw no media this long is deleted (60 s)
 * @param silentTimeout {@code silent-timeout}: the same limit for streams not expected to send (on
 *     hold: sendonly/inactive), 3600 s
 * @param offerTimeout {@code offer-timeout}: the limit for streams whose peer address was never
 *     signalled (offer without answer), 3600 s
 * @param finalTimeout {@code final-timeout}: absolute call lifetime, off by default (0)
 * @param sweepInterval how often each loop checks its calls for timeouts (1 s: timeouts are whole
 *     seconds in rtpengine)
 */
public record RelayConfig(
    List<LogicalInterface> interfaces,
    int portMin,
    int portMax,
    int eventLoops,
    boolean preferEpoll,
    Duration learningWindow,
    Duration timeout,
    Duration silentTimeout,
    Duration offerTimeout,
    Duration finalTimeout,
    Duration sweepInterval) {

  public static final int DEFAULT_PORT_MIN = 30000;
  public static final int DEFAULT_PORT_MAX = 39999;
  public static final Duration DEFAULT_LEARNING_WINDOW = Duration.ofSeconds(3);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_SILENT_TIMEOUT = Duration.ofSeconds(3600);
  public static final Duration DEFAULT_OFFER_TIMEOUT = Duration.ofSeconds(3600);
  public static final Duration DEFAULT_FINAL_TIMEOUT = Duration.ZERO;
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(1);

  public RelayConfig {
    interfaces = List.copyOf(interfaces);
    if (interfaces.isEmpty()) {
      throw new IllegalArgumentException("at least one logical interface is required");
    }
    var names = new HashSet<String>();
    for (LogicalInterface i : interfaces) {
      if (!names.add(i.name())) {
        throw new IllegalArgumentException("duplicate interface name \"" + i.name() + "\"");
      }
    }
    if (portMin < 1 || portMax > 65535 || portMin + 1 > portMax) {
      throw new IllegalArgumentException("invalid port range " + portMin + "-" + portMax);
    }
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops must be >= 1, got " + eventLoops);
    }
    for (Duration d :
        List.of(
            learningWindow, timeout, silentTimeout, offerTimeout, finalTimeout, sweepInterval)) {
      if (Objects.requireNonNull(d, "duration").isNegative()) {
        throw new IllegalArgumentException("negative duration " + d);
      }
    }
    if (sweepInterval.isZero()) {
      throw new IllegalArgumentException("sweepInterval must be positive");
    }
  }

  /** The defaults above over the given interfaces. */
  public static RelayConfig defaults(List<LogicalInterface> interfaces) {
    return new RelayConfig(
        interfaces,
        DEFAULT_PORT_MIN,
        DEFAULT_PORT_MAX,
        Runtime.getRuntime().availableProcessors(),
        true,
        DEFAULT_LEARNING_WINDOW,
        DEFAULT_TIMEOUT,
        DEFAULT_SILENT_TIMEOUT,
        DEFAULT_OFFER_TIMEOUT,
        DEFAULT_FINAL_TIMEOUT,
        DEFAULT_SWEEP_INTERVAL);
  }

  public RelayConfig withPorts(int min, int max) {
    return new RelayConfig(
        interfaces,
        min,
        max,
        eventLoops,
        preferEpoll,
        learningWindow,
        timeout,
        silentTimeout,
        offerTimeout,
        finalTimeout,
        sweepInterval);
  }

  public RelayConfig withEventLoops(int loops, boolean epoll) {
    return new RelayConfig(
        interfaces,
        portMin,
        portMax,
        loops,
        epoll,
        learningWindow,
        timeout,
        silentTimeout,
        offerTimeout,
        finalTimeout,
        sweepInterval);
  }

  public RelayConfig withLearningWindow(Duration window) {
    return new RelayConfig(
        interfaces,
        portMin,
        portMax,
        eventLoops,
        preferEpoll,
        window,
        timeout,
        silentTimeout,
        offerTimeout,
        finalTimeout,
        sweepInterval);
  }

  public RelayConfig withTimeouts(
      Duration timeout, Duration silentTimeout, Duration offerTimeout, Duration finalTimeout) {
    return new RelayConfig(
        interfaces,
        portMin,
        portMax,
        eventLoops,
        preferEpoll,
        learningWindow,
        timeout,
        silentTimeout,
        offerTimeout,
        finalTimeout,
        sweepInterval);
  }

  /** The timeout limits in nanoseconds, as the sweeper applies them. */
  TimeoutRules timeoutRules() {
    return new TimeoutRules(
        timeout.toNanos(), silentTimeout.toNanos(), offerTimeout.toNanos(), finalTimeout.toNanos());
  }
}
