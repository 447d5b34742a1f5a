package io.isthmus.app.admin;

import io.isthmus.ha.proxy.ProxyReplication;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.ng.net.NgServer;
import io.isthmus.proxy.core.Proxy;
import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.dispatcher.ProbeSettings;
import java.util.Objects;

/**
 * What the admin endpoint reads and acts on: the running parts of the product.
 *
 * @param proxy the SIP proxy
 * @param dispatcher the gateway sets and their states
 * @param relay the in-process relay, or null when the relay is external ({@code isthmus proxy})
 * @param ngServer the in-process relay's NG socket, or null
 * @param ng the NG command counters
 * @param media the live relay's view, or null with an external relay
 * @param probing restarts the gateway probing with new settings (a reload applies them live)
 * @param readiness whether the start-up warm-up is done
 * @param ha the proxy's dialog replication (counters, drains), or null when {@code ha:} is off
 */
public record Running(
    Proxy proxy,
    Dispatcher dispatcher,
    RelayCommandHandler relay,
    NgServer ngServer,
    NgMetrics ng,
    MediaView media,
    ProbingRestart probing,
    Readiness readiness,
    ProxyReplication ha) {

  public Running {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(ng, "ng");
    Objects.requireNonNull(probing, "probing");
    Objects.requireNonNull(readiness, "readiness");
  }

  /** Restarts the prober (the only dispatcher part whose settings a reload changes live). */
  @FunctionalInterface
  public interface ProbingRestart {
    void restart(ProbeSettings settings);
  }
}
