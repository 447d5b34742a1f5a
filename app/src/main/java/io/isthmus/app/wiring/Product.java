package io.isthmus.app.wiring;

import io.isthmus.app.admin.AdminServer;
import io.isthmus.app.admin.HaMetrics;
import io.isthmus.app.admin.MediaTotals;
import io.isthmus.app.admin.MediaView;
import io.isthmus.app.admin.NgMetrics;
import io.isthmus.app.admin.Readiness;
import io.isthmus.app.admin.Running;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.app.config.RelayConfigSection;
import io.isthmus.app.hep.HepCapture;
import io.isthmus.app.hep.HepMetrics;
import io.isthmus.common.time.Clock;
import io.isthmus.common.time.ExecutorScheduler;
import io.isthmus.common.time.Scheduler;
import io.isthmus.ha.proxy.ProxyReplication;
import io.isthmus.hep.EpochClock;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.ng.net.NgClient;
import io.isthmus.ng.net.NgServer;
import io.isthmus.proxy.core.DialogListener;
import io.isthmus.proxy.core.Proxy;
import io.isthmus.proxy.core.ProxyConfig;
import io.isthmus.proxy.dispatcher.CallLoad;
import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.dispatcher.HealthMonitor;
import io.isthmus.proxy.dispatcher.OptionsRequestFactory;
import io.isthmus.proxy.dispatcher.ProbeSettings;
import io.isthmus.proxy.dispatcher.Prober;
import io.isthmus.proxy.media.InProcessMediaControl;
import io.isthmus.proxy.media.MediaControl;
import io.isthmus.proxy.media.MediaSettings;
import io.isthmus.proxy.media.NgMediaControl;
import io.isthmus.proxy.media.PinExpiry;
import io.isthmus.proxy.media.RelayNode;
import io.isthmus.proxy.transport.LoopGroup;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Isthmus assembled from one {@link IsthmusConfig}: the relay (in process, with its NG socket for
 * Kamailio and monitoring), the dispatcher with its prober, and the proxy. Plain constructors, no
 * framework: one walk from the config to running sockets.
 *
 * <p>Start ends with a {@link WarmUp}: the admin endpoint is already bound and {@code /health}
 * answers {@code warming-up} until the hot paths have run; {@link #start} returns once it is done.
 *
 * <p>{@link #close} stops everything in reverse order of start: the proxy's sockets first (no new
 * calls), then the prober, the relay (every call deleted, ports returned) and the loops.
 */
public final class Product implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Product.class);

  /** Which roles of the config to start. */
  public enum Roles {
    /** Proxy and relay: {@code isthmus run}. */
    PROXY_AND_RELAY,
    /** The proxy alone, driving external relays over NG: {@code isthmus proxy}. */
    PROXY
  }

  private final Deque<AutoCloseable> stack = new ArrayDeque<>();
  private Proxy proxy;
  private LoopGroup loops;
  private Dispatcher dispatcher;
  private RelayCommandHandler relay;
  private NgServer ngServer;
  private final NgMetrics ngMetrics = new NgMetrics(Clock.system());
  private final MediaTotals mediaTotals = new MediaTotals();
  private volatile Prober prober;
  private AdminServer admin;
  private final Readiness readiness = new Readiness();
  private WarmUp.Result warmUp;
  private volatile HepCapture hep;
  private ProxyReplication ha;
  private volatile io.isthmus.ha.relay.RelayReplication relayHa;

  private Product() {}

  /** Starts the roles of {@code config}; on any failure stops what had started and rethrows. */
  public static Product start(IsthmusConfig config, Roles roles) throws Exception {
    return start(config, roles, null);
  }

  /**
   * Starts the roles of {@code config} read from {@code configFile} (which reloads re-read; null:
   * no reload); on any failure stops what had started and rethrows.
   */
  public static Product start(IsthmusConfig config, Roles roles, Path configFile) throws Exception {
    return start(config, roles, configFile, WarmUp.Step.defaults());
  }

  /**
   * Starts as {@link #start(IsthmusConfig, Roles, Path)} with {@code warmUp} as the last step
   * (tests inject a smaller or gated one); on any failure stops what had started and rethrows.
   */
  public static Product start(
      IsthmusConfig config, Roles roles, Path configFile, WarmUp.Step warmUp) throws Exception {
    Product p = new Product();
    try {
      p.startAll(config, roles, configFile);
      p.warmUp(config, warmUp);
      return p;
    } catch (Exception | Error e) {
      p.close();
      throw e;
    }
  }

  private void startAll(IsthmusConfig config, Roles roles, Path configFile) throws Exception {
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("isthmus-timers").unstarted(r));
    stack.push(timers::shutdownNow);
    Scheduler scheduler = new ExecutorScheduler(timers);

    // One group for the proxy and the in-process relay: a call's SIP work and its media sockets
    // live on the same loop (both pick it by the Call-ID's hash), so media commands run inline.
    loops = LoopGroup.start(Runtime.getRuntime().availableProcessors(), true);
    stack.push(loops::close);
    if (config.hep().enabled()) {
      hep = HepCapture.start(config.hep(), config.networks(), EpochClock.system());
      stack.push(hep::close);
    }
    MediaControl media = startMedia(config, roles, scheduler, loops);

    HealthMonitor health =
        new HealthMonitor(
            config.dispatcher().probing().healthSettings(),
            (gw, from, to, reason) ->
                log.info("gateway {} {} -> {} ({})", gw.uri(), from, to, reason));
    dispatcher =
        new Dispatcher(
            config.dispatcher().gateways(), config.dispatcher().settings(), health, new CallLoad());
    // Host names (RFC 3263) in gateways, Routes, Contacts: always resolvable, so that a reload may
    // bring the first named gateway or another dns section; without a dns section the host's
    // resolv.conf servers (the resolver opens its sockets at the first name only).
    io.isthmus.proxy.resolve.SipResolver resolver =
        new io.isthmus.proxy.resolve.SipResolver(
            config
                .dispatcher()
                .resolverSettings()
                .orElse(io.isthmus.proxy.resolve.DnsSettings.DEFAULTS),
            loops);
    stack.push(resolver::close);
    dispatcher.useResolver(resolver);

    io.isthmus.proxy.core.EdgeSecurity edge = EdgeWiring.build(config, dispatcher);
    if (config.ha().enabled()) {
      // Before the proxy serves: the dialogs an earlier process of this node left in Redis, and
      // the route key every proxy on that Redis signs with (docs/ha.md). Closed after the proxy.
      ha = ProxyReplication.start(config.ha().settings());
      stack.push(ha::close);
      edge = edge.withRoutes(new io.isthmus.proxy.core.RouteSigner(ha.routeKey()));
    }
    proxy =
        Proxy.start(
            ProxyConfig.DEFAULTS
                .withTransactions(config.transactionConfig())
                .withDialogLifetime(config.sip().dialogLifetime()),
            config.proxyNetworks(),
            loops,
            config.transportConfig(),
            dispatcher,
            media,
            edge,
            ha != null ? ha : DialogListener.NONE,
            ha != null ? ha.restored() : List.of());
    stack.push(proxy::close);
    if (ha != null) {
      // A node drained before the restart stays drained (docs/ha.md).
      for (String node : ha.restoredDrains()) {
        if (proxy.drainRelay(node, true) < 0) {
          log.warn("relay node {} was drained, but is not configured any more", node);
        }
      }
    }
    if (hep != null) {
      hep.tap(proxy.transport());
      if (relay != null) {
        hep.tap(relay.relay());
      }
    }

    OptionsRequestFactory options =
        new OptionsRequestFactory(firstSipAddress(config), new SecureRandom());
    proberFactory =
        settings ->
            new Prober(health, proxy.optionsSender(), options, Clock.system(), scheduler, settings);
    prober = proberFactory.apply(config.dispatcher().probing().probeSettings());
    prober.start();
    stack.push(() -> prober.stop());
    log.info(
        "proxy: {} network(s), {} gateway set(s), media {}",
        config.networks().size(),
        config.dispatcher().gateways().sets().size(),
        relay != null ? "in process" : "over NG");
    ngMetrics.traceWith(proxy.trace());
    MediaView mediaView = relay != null ? new MediaView(relay, mediaTotals, Clock.system()) : null;
    admin =
        AdminServer.start(
            config,
            configFile,
            new Running(
                proxy,
                dispatcher,
                relay,
                ngServer,
                ngMetrics,
                mediaView,
                this::restartProber,
                readiness,
                ha));
    stack.push(admin::close);
    if (hep != null) {
      HepMetrics.register(admin.metrics(), hep.counters());
    }
    if (ha != null) {
      HaMetrics.register(admin.metrics(), ha::stats);
    }
    if (relayHa != null) {
      HaMetrics.registerRelay(admin.metrics(), relayHa::stats);
    }
  }

  /** Runs the warm-up against the started parts, then lets health report ready. */
  private void warmUp(IsthmusConfig config, WarmUp.Step step) throws Exception {
    warmUp = step.run(new WarmUp.Target(config, loops, relay));
    log.info(WarmUp.describe(warmUp));
    readiness.markWarmedUp();
  }

  private java.util.function.Function<ProbeSettings, Prober> proberFactory;

  /** A reload changed the probing interval or timeout: the prober starts over with them. */
  private synchronized void restartProber(ProbeSettings settings) {
    Prober next = proberFactory.apply(settings);
    prober.stop();
    next.start();
    prober = next;
  }

  private MediaControl startMedia(
      IsthmusConfig config, Roles roles, Scheduler scheduler, LoopGroup loops)
      throws InterruptedException {
    RelayConfigSection section = config.relay();
    MediaSettings settings = WarmUpProxy.mediaSettings(config);
    if (roles == Roles.PROXY_AND_RELAY
        && section.control() == RelayConfigSection.Control.IN_PROCESS) {
      // Warm-up calls are not traffic: they stay out of the totals /metrics and the API show.
      // A media timeout ends the proxy's call too (the control is made below, before any call).
      InProcessMediaControl[] control = new InProcessMediaControl[1];
      relay =
          RelayCommandHandler.start(
              config.relayConfig(),
              section.controlConfig(),
              loops.group(),
              loops.epoll(),
              (callId, reason, stats) -> {
                if (!callId.startsWith(WarmUp.CALL_ID_PREFIX)) {
                  mediaTotals.callDeleted(callId, reason, stats);
                  HepCapture capture = hep;
                  if (capture != null) {
                    capture.callDeleted(callId, reason, stats);
                  }
                }
                String timeout = RelayEnds.timeout(reason);
                if (timeout != null && control[0] != null) {
                  control[0].relayEnded(callId, timeout);
                }
              });
      RelayCommandHandler handler = relay;
      stack.push(
          () -> {
            // With HA the calls stay in Redis: stop writing before the relay deletes them.
            if (relayHa != null) {
              relayHa.detach();
            }
            handler.close();
            if (relayHa != null) {
              relayHa.close();
            }
          });
      if (config.ha().enabled()) {
        startRelayHa(config);
      }
      // The NG socket stays open beside the in-process binding: Kamailio or an operator's
      // rtpengine-ctl style tooling can still query and list the calls.
      ngServer = NgServer.start(section.ngServerConfig(), ngMetrics.wrapHandler(relay));
      stack.push(ngServer::close);
      control[0] = new InProcessMediaControl(ngMetrics.wrapHandler(relay), settings);
      return control[0];
    }
    if (section.control() == RelayConfigSection.Control.IN_PROCESS) {
      throw new IllegalArgumentException(
          "relay.control is in-process, but `isthmus proxy` runs without a relay: set"
              + " relay.control: ng with relay.nodes, or use `isthmus run`");
    }
    List<RelayNode> nodes = new ArrayList<>();
    var nodeConfigs = section.nodes();
    var clientConfigs = config.ngClientConfigs();
    for (int i = 0; i < nodeConfigs.size(); i++) {
      NgClient client = NgClient.start(clientConfigs.get(i));
      stack.push(client::close);
      nodes.add(
          new RelayNode(
              nodeConfigs.get(i).address().toString(),
              nodeConfigs.get(i).weight(),
              ngMetrics.wrapSender(client::send),
              request -> client.send(request, 0)));
    }
    NgMediaControl control =
        new NgMediaControl(
            nodes, settings, Clock.system(), scheduler, section.nodeChecks(), pinExpiry(config));
    stack.push(control::close);
    return control;
  }

  /**
   * The in-process relay's calls in Redis (docs/ha.md): the node is the {@code ha:} node-id. Waits
   * until this process holds the node and has restored the calls an earlier process of it left (the
   * proxy reads its dialogs back next, and their media must be there), or, Redis unreachable,
   * serves at once without them. Warm-up calls are never written.
   */
  private void startRelayHa(IsthmusConfig config) throws InterruptedException {
    var settings = config.ha().relaySettings(config.relay().deleteDelay());
    java.util.concurrent.CountDownLatch ours = new java.util.concurrent.CountDownLatch(1);
    relayHa =
        io.isthmus.ha.relay.RelayReplication.start(
            relay.relay(),
            settings,
            new io.isthmus.ha.relay.RelayReplication.Role() {
              @Override
              public void active() {
                ours.countDown();
              }

              @Override
              public void fenced(String reason) {
                // Another process serves this node's calls now: two relays on the same ports and
                // calls would garble both. Exit as isthmus relay does.
                log.error("relay: {}; exiting", reason);
                Thread.ofPlatform().start(() -> System.exit(3));
              }
            },
            callId -> !callId.startsWith(WarmUp.CALL_ID_PREFIX));
    if (!ours.await(settings.heartbeatTtl().multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS)) {
      log.info(
          "relay: waiting for relay node {} in Redis {} (held by another process, or Redis away)",
          settings.node(),
          settings.read());
      ours.await();
    }
    var s = relayHa.stats();
    log.info(
        "relay: node {} in Redis {}: {} call(s) restored, {} failed",
        settings.node(),
        settings.read(),
        s.restoredCalls(),
        s.failedRestores());
  }

  /**
   * Pins outlive the longest answered call the proxy keeps (twice its dialog lifetime): an unpinned
   * session is deleted by the reconcile, so a pin must never go before its call.
   */
  private static PinExpiry pinExpiry(IsthmusConfig config) {
    java.time.Duration idle = config.sip().dialogLifetime().multipliedBy(2);
    if (idle.compareTo(PinExpiry.DEFAULT_IDLE_TIMEOUT) < 0) {
      idle = PinExpiry.DEFAULT_IDLE_TIMEOUT;
    }
    return new PinExpiry(PinExpiry.DEFAULT_OFFER_TIMEOUT, idle, PinExpiry.DEFAULT_SWEEP_INTERVAL);
  }

  private static String firstSipAddress(IsthmusConfig config) {
    return config.proxyNetworks().all().getFirst().sockets().getFirst().address().getHostAddress();
  }

  /** The running proxy. */
  public Proxy proxy() {
    return proxy;
  }

  /** The dispatcher (gateway states, reload). */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** The in-process relay's command layer, or null when the relay is external. */
  public RelayCommandHandler relay() {
    return relay;
  }

  /** The proxy's dialog replication to Redis, or null when {@code ha:} is off. */
  public ProxyReplication ha() {
    return ha;
  }

  /** The in-process relay's replication to Redis, or null (HA off, or the relay external). */
  public io.isthmus.ha.relay.RelayReplication relayHa() {
    return relayHa;
  }

  /** The admin HTTP endpoint. */
  public AdminServer admin() {
    return admin;
  }

  /** What the start-up warm-up ran and how long it took. */
  public WarmUp.Result warmUpResult() {
    return warmUp;
  }

  /** HEP capture, or null when {@code hep:} is not configured. */
  public HepCapture hep() {
    return hep;
  }

  /** The NG socket of the in-process relay, or null. */
  public NgServer ngServer() {
    return ngServer;
  }

  @Override
  public void close() {
    int calls = relay != null ? relay.callCount() : 0;
    while (!stack.isEmpty()) {
      try {
        stack.pop().close();
      } catch (Exception e) {
        log.warn("while stopping: {}", e.toString());
      }
    }
    log.info("isthmus stopped: sockets closed, {} relay call(s) deleted", calls);
  }
}
