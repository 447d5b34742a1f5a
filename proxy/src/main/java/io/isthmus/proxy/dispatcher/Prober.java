package io.isthmus.proxy.dispatcher;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.Scheduler;
import io.isthmus.sip.message.SipRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends keepalive OPTIONS to the gateways the probing mode selects, once per interval, and feeds
 * the outcomes to the {@link HealthMonitor}. Gateways that are down or suspect (inactive, probing)
 * also have rounds of their own every {@link ProbeSettings#downInterval()} when that is shorter, so
 * one that comes back is used again within about that long. Those rounds run only while some
 * gateway is down or suspect: a state change to either arms them, a round that finds none stops
 * them (an idle proxy with its gateways up wakes once per interval, not twice a second). A probe of
 * an inactive gateway waits at most {@link ProbeSettings#downTimeout()}. Rounds run on the injected
 * {@link Scheduler}; replies may complete on any thread. A gateway with a probe still outstanding
 * is skipped in the next round rather than probed twice. A probe without a final response within
 * its timeout counts as failed, whatever the sender does later.
 */
public final class Prober {
  private static final Logger log = LoggerFactory.getLogger(Prober.class);

  private final HealthMonitor monitor;
  private final OptionsSender sender;
  private final OptionsRequestFactory requests;
  private final Clock clock;
  private final Scheduler scheduler;
  private final ProbeSettings settings;
  private final Set<GatewayKey> inFlight = ConcurrentHashMap.newKeySet();
  private volatile Scheduler.Cancellable nextRound;
  private volatile Scheduler.Cancellable nextDownRound;
  private final AtomicBoolean downRoundArmed = new AtomicBoolean();
  private final GatewayStateListener wake =
      (gateway, from, to, reason) -> {
        if (wantsDownRounds(to)) {
          armDownRound();
        }
      };
  private volatile boolean running;

  /** A prober; nothing is sent before {@link #start}. */
  public Prober(
      HealthMonitor monitor,
      OptionsSender sender,
      OptionsRequestFactory requests,
      Clock clock,
      Scheduler scheduler,
      ProbeSettings settings) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.requests = Objects.requireNonNull(requests, "requests");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Runs a first round now, then one every interval. */
  public void start() {
    running = true;
    monitor.addListener(wake);
    nextRound = scheduler.schedule(this::round, 0);
    armDownRoundIfAnyDown(); // gateways listed inactive or probing by their flags
  }

  /** Stops scheduling rounds; probes in flight still report. */
  public void stop() {
    running = false;
    monitor.removeListener(wake);
    for (Scheduler.Cancellable r : new Scheduler.Cancellable[] {nextRound, nextDownRound}) {
      if (r != null) {
        r.cancel();
      }
    }
  }

  /** Number of probes sent and not yet answered or timed out. */
  public int inFlight() {
    return inFlight.size();
  }

  private void round() {
    if (!running) {
      return;
    }
    nextRound = scheduler.schedule(this::round, settings.interval().toNanos());
    for (GatewayHealth h : monitor.all()) {
      if (monitor.dueForProbe(h)) {
        probe(h);
      }
    }
    // A reload may list a gateway as inactive or probing without a state change to hear.
    armDownRoundIfAnyDown();
  }

  /**
   * The round of the gateways that are down or suspect, every down interval while there are any.
   */
  private void downRound() {
    if (!running) {
      return;
    }
    boolean anyDown = false;
    for (GatewayHealth h : monitor.all()) {
      if (wantsDownRounds(h.state())) {
        anyDown = true;
        if (monitor.dueForProbe(h)) {
          probe(h);
        }
      }
    }
    if (anyDown) {
      nextDownRound = scheduler.schedule(this::downRound, settings.downInterval().toNanos());
      return;
    }
    downRoundArmed.set(false);
    armDownRoundIfAnyDown(); // one that went down while this round looked
  }

  private static boolean wantsDownRounds(GatewayState s) {
    return s == GatewayState.INACTIVE || s == GatewayState.PROBING;
  }

  private void armDownRoundIfAnyDown() {
    for (GatewayHealth h : monitor.all()) {
      if (wantsDownRounds(h.state())) {
        armDownRound();
        return;
      }
    }
  }

  /** Schedules a down round unless one is due already; from any thread. */
  private void armDownRound() {
    if (running && settings.fastDownRounds() && downRoundArmed.compareAndSet(false, true)) {
      nextDownRound = scheduler.schedule(this::downRound, settings.downInterval().toNanos());
    }
  }

  private void probe(GatewayHealth h) {
    Gateway gw = h.gateway();
    if (!inFlight.add(gw.key())) {
      return;
    }
    Duration timeout =
        h.state() == GatewayState.INACTIVE ? settings.downTimeout() : settings.timeout();
    Attempt attempt = new Attempt(gw, clock.nanos());
    attempt.timer = scheduler.schedule(() -> attempt.finish(0), timeout.toNanos());
    CompletionStage<Integer> reply;
    try {
      SipRequest options = requests.build(gw);
      reply = sender.send(gw, options);
    } catch (RuntimeException e) {
      log.warn("cannot send keepalive to {}: {}", gw, e.toString());
      attempt.finish(0);
      return;
    }
    reply.whenComplete((status, error) -> attempt.finish(error == null ? status : 0));
  }

  /** One probe; whichever of reply and timeout comes first decides. */
  private final class Attempt {
    final Gateway gateway;
    final long sentAt;
    final AtomicBoolean done = new AtomicBoolean();
    volatile Scheduler.Cancellable timer;

    Attempt(Gateway gateway, long sentAt) {
      this.gateway = gateway;
      this.sentAt = sentAt;
    }

    void finish(Integer status) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      Scheduler.Cancellable t = timer;
      if (t != null) {
        t.cancel();
      }
      inFlight.remove(gateway.key());
      Duration latency = Duration.ofNanos(clock.nanos() - sentAt);
      boolean valid = status != null && status >= 200 && status <= 699;
      monitor.onProbeResult(
          gateway, valid ? ProbeResult.reply(status, latency) : ProbeResult.noReply(latency));
    }
  }
}
