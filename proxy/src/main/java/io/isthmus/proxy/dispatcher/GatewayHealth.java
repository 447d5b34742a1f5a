package io.isthmus.proxy.dispatcher;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The live health of one gateway. Selection on any event loop reads {@link #state()} (one volatile
 * read); probes and call outcomes update it with compare-and-set, so no lock is taken anywhere. The
 * object outlives reloads that keep the gateway, so plans made before a reload see the same state
 * as plans made after it.
 */
public final class GatewayHealth {
  private final AtomicReference<Status> status;
  private volatile Gateway gateway;
  private volatile int lastProbeStatus = -1;
  private volatile long lastProbeLatencyNanos = -1;

  /** Counters and flags that change together. */
  record Status(GatewayState state, boolean probingFlag, int failures, int successes) {
    Status with(GatewayState s, int f, int ok) {
      return new Status(s, probingFlag || s == GatewayState.INACTIVE, f, ok);
    }
  }

  /** Old and new status of one update. */
  record Transition(Status from, Status to) {
    boolean stateChanged() {
      return from.state() != to.state();
    }
  }

  GatewayHealth(Gateway gateway) {
    this.gateway = gateway;
    this.status = new AtomicReference<>(initial(gateway));
  }

  static Status initial(Gateway gw) {
    GatewayState s = GatewayFlags.initialState(gw.flags());
    boolean probing = (gw.flags() & GatewayFlags.PROBING) != 0 || s == GatewayState.INACTIVE;
    return new Status(s, probing, 0, 0);
  }

  Transition update(UnaryOperator<Status> change) {
    while (true) {
      Status from = status.get();
      Status to = change.apply(from);
      if (to == from || status.compareAndSet(from, to)) {
        return new Transition(from, to);
      }
    }
  }

  void gateway(Gateway gw) {
    this.gateway = gw;
  }

  void probed(ProbeResult result) {
    lastProbeStatus = result.status();
    lastProbeLatencyNanos = result.latency().toNanos();
  }

  /** The gateway as currently configured. */
  public Gateway gateway() {
    return gateway;
  }

  /** The current state. */
  public GatewayState state() {
    return status.get().state();
  }

  /** Whether the gateway carries the probing flag (Kamailio's {@code P}). */
  public boolean probingFlag() {
    return status.get().probingFlag();
  }

  /** Failures counted towards the failure threshold. */
  public int failures() {
    return status.get().failures();
  }

  /** Successes counted towards the success threshold. */
  public int successes() {
    return status.get().successes();
  }

  /** Status of the last probe: the code, 0 for no reply, -1 when never probed. */
  public int lastProbeStatus() {
    return lastProbeStatus;
  }

  /** Latency of the last probe in nanoseconds, -1 when never probed. */
  public long lastProbeLatencyNanos() {
    return lastProbeLatencyNanos;
  }
}
