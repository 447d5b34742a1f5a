package io.isthmus.proxy.dispatcher;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Owns the health state of every gateway and applies Kamailio's state machine to it:
 *
 * <ul>
 *   <li>A failed probe on an active gateway makes it {@link GatewayState#PROBING} (Kamailio
 *       "trying", still selected) and counts; at {@code failureThreshold} failures in a row it
 *       becomes {@link GatewayState#INACTIVE}. With a threshold of 1 it goes inactive at once.
 *   <li>An answered probe (2xx or an accepted code) makes a probing gateway active again; an
 *       inactive one needs {@code successThreshold} answers in a row ({@code ds_update_state}).
 *   <li>A failed real call marks the gateway inactive at once, whatever the thresholds (passive
 *       detection); a successful call counts like an answered probe.
 *   <li>A disabled gateway ignores probes and calls; only {@link #setState} changes it.
 * </ul>
 *
 * Going inactive always sets the probing flag, so {@link ProbingMode#FLAGGED} keeps probing a
 * gateway that went down (as {@code ds_mark_dst("ip")}). Thread-safe without locks on the update
 * paths: each gateway's state is one atomic reference. {@link #install} (reload) is serialised.
 */
public final class HealthMonitor {
  private final HealthSettings settings;
  private final GatewayStateListener listener;
  private final List<GatewayStateListener> watchers = new CopyOnWriteArrayList<>();
  private final Map<GatewayKey, GatewayHealth> health = new ConcurrentHashMap<>();

  /** A monitor with {@code settings}, telling {@code listener} of every state change. */
  public HealthMonitor(HealthSettings settings, GatewayStateListener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Also tells {@code watcher} of every state change, until {@link #removeListener}. */
  public void addListener(GatewayStateListener watcher) {
    watchers.add(Objects.requireNonNull(watcher, "watcher"));
  }

  /** Stops telling {@code watcher}. */
  public void removeListener(GatewayStateListener watcher) {
    watchers.remove(watcher);
  }

  /** The settings in force. */
  public HealthSettings settings() {
    return settings;
  }

  /**
   * Makes {@code list} the set of gateways watched. A gateway that was already there (same set and
   * URI) keeps its state and counters, unless its flags changed in the new list: then the new flags
   * give its state, as the operator edited them. Gateways no longer listed are dropped.
   */
  public synchronized void install(DispatcherList list) {
    Set<GatewayKey> keep = new HashSet<>();
    for (Gateway gw : list.gateways()) {
      GatewayKey key = gw.key();
      keep.add(key);
      GatewayHealth h = health.get(key);
      if (h == null) {
        health.put(key, new GatewayHealth(gw));
        continue;
      }
      Gateway before = h.gateway();
      h.gateway(gw);
      if (before.flags() != gw.flags()) {
        GatewayHealth.Status fresh = GatewayHealth.initial(gw);
        notify(gw, h.update(s -> fresh), "flags changed on reload");
      }
    }
    health.keySet().retainAll(keep);
  }

  /** The health record of a gateway, or null when it is not (or no longer) listed. */
  public GatewayHealth health(GatewayKey key) {
    return health.get(key);
  }

  /** Every gateway watched. */
  public Collection<GatewayHealth> all() {
    return List.copyOf(health.values());
  }

  /** The state of {@code gw}; a gateway that is no longer listed reads as inactive. */
  public GatewayState state(Gateway gw) {
    GatewayHealth h = health.get(gw.key());
    return h == null ? GatewayState.INACTIVE : h.state();
  }

  /** Feeds the outcome of a keepalive OPTIONS; ignored for a gateway no longer listed. */
  public void onProbeResult(Gateway gw, ProbeResult result) {
    GatewayHealth h = health.get(gw.key());
    if (h == null) {
      return;
    }
    h.probed(result);
    if (result.replied() && settings.accepts(result.status())) {
      succeeded(h, "probe answered " + result.status());
    } else {
      String why = result.replied() ? "probe answered " + result.status() : "probe not answered";
      notify(h.gateway(), h.update(this::countFailure), why);
    }
  }

  /** A real call failed on {@code gw}: mark it inactive at once (passive detection). */
  public void onCallFailure(Gateway gw, CallFailure failure) {
    GatewayHealth h = health.get(gw.key());
    if (h == null) {
      return;
    }
    notify(
        h.gateway(),
        h.update(s -> s.state() == GatewayState.DISABLED ? s : s.with(GatewayState.INACTIVE, 0, 0)),
        failure.toString());
  }

  /** A real call was answered by {@code gw} (any reply that is not a failure of the gateway). */
  public void onCallSuccess(Gateway gw) {
    GatewayHealth h = health.get(gw.key());
    if (h != null) {
      succeeded(h, "call answered");
    }
  }

  /**
   * Sets the state by hand (ctl {@code active}, {@code inactive}, {@code probing}, {@code
   * disabled}), resetting the counters. Returns false when no such gateway is listed.
   */
  public boolean setState(GatewayKey key, GatewayState state) {
    GatewayHealth h = health.get(key);
    if (h == null) {
      return false;
    }
    notify(h.gateway(), h.update(s -> s.with(state, 0, 0)), "set by the operator");
    return true;
  }

  /** Whether the probing mode wants a keepalive sent to this gateway now. */
  public boolean dueForProbe(GatewayHealth h) {
    if (!h.gateway().pingable()) {
      return false;
    }
    GatewayState s = h.state();
    return switch (settings.probingMode()) {
      case ALL -> s != GatewayState.DISABLED;
      case INACTIVE_ONLY -> s == GatewayState.INACTIVE || s == GatewayState.PROBING;
      case FLAGGED -> s != GatewayState.DISABLED && h.probingFlag();
    };
  }

  private void succeeded(GatewayHealth h, String why) {
    notify(h.gateway(), h.update(this::countSuccess), why);
  }

  private GatewayHealth.Status countFailure(GatewayHealth.Status s) {
    return switch (s.state()) {
      case DISABLED -> s;
      // Kamailio: "trying" on an inactive gateway keeps it inactive; answers must start over.
      case INACTIVE -> s.successes() == 0 ? s : s.with(GatewayState.INACTIVE, 0, 0);
      case ACTIVE, PROBING -> {
        int failures = s.failures() + 1;
        yield failures >= settings.failureThreshold()
            ? s.with(GatewayState.INACTIVE, 0, 0)
            : s.with(GatewayState.PROBING, failures, 0);
      }
    };
  }

  private GatewayHealth.Status countSuccess(GatewayHealth.Status s) {
    return switch (s.state()) {
      case DISABLED -> s;
      case ACTIVE -> s.failures() == 0 ? s : s.with(GatewayState.ACTIVE, 0, 0);
      case PROBING -> s.with(GatewayState.ACTIVE, 0, 0);
      case INACTIVE -> {
        int successes = s.successes() + 1;
        yield successes >= settings.successThreshold()
            ? s.with(GatewayState.ACTIVE, 0, 0)
            : s.with(GatewayState.INACTIVE, 0, successes);
      }
    };
  }

  private void notify(Gateway gw, GatewayHealth.Transition t, String reason) {
    if (t.stateChanged()) {
      listener.stateChanged(gw, t.from().state(), t.to().state(), reason);
      for (GatewayStateListener w : watchers) {
        w.stateChanged(gw, t.from().state(), t.to().state(), reason);
      }
    }
  }
}
