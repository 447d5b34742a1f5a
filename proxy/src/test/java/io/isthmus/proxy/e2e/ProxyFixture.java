package io.isthmus.proxy.e2e;

import io.isthmus.common.time.Clock;
import io.isthmus.common.time.ExecutorScheduler;
import io.isthmus.common.time.Scheduler;
import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.ng.net.NgClient;
import io.isthmus.ng.net.NgClientConfig;
import io.isthmus.ng.net.NgServer;
import io.isthmus.ng.net.NgServerConfig;
import io.isthmus.proxy.core.Proxy;
import io.isthmus.proxy.core.ProxyConfig;
import io.isthmus.proxy.dispatcher.CallLoad;
import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.dispatcher.DispatcherSettings;
import io.isthmus.proxy.dispatcher.HealthMonitor;
import io.isthmus.proxy.dispatcher.HealthSettings;
import io.isthmus.proxy.dispatcher.ListFileParser;
import io.isthmus.proxy.dispatcher.OptionsRequestFactory;
import io.isthmus.proxy.dispatcher.ProbeSettings;
import io.isthmus.proxy.dispatcher.Prober;
import io.isthmus.proxy.media.InProcessMediaControl;
import io.isthmus.proxy.media.MediaControl;
import io.isthmus.proxy.media.MediaSettings;
import io.isthmus.proxy.media.NgMediaControl;
import io.isthmus.proxy.media.RelayNode;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.proxy.network.Transport;
import io.isthmus.proxy.transport.LoopGroup;
import io.isthmus.proxy.transport.TransportConfig;
import io.isthmus.testkit.FakeClock;
import io.isthmus.testkit.RtpengineProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The reference scenario in one JVM on non-default ports: proxy on 127.0.1.1:25060 (public) and
 * 127.0.2.1:25060 (private), UDP (and TCP when asked), gateways of the private set on
 * 127.0.2.11/12:25080, of the public set on 127.0.1.21:25080. The media relay is, by {@link Media}:
 * the Isthmus relay in process, the same relay behind its NG server on 127.0.0.1 (the proxy talks
 * NG over UDP to it), or the Debian rtpengine daemon; relay interfaces public/127.0.1.1 and
 * private/127.0.2.1 in each case. With probing on, a {@link Prober} sends keepalive OPTIONS over
 * the proxy's transaction layer.
 */
final class ProxyFixture implements AutoCloseable {
  static final int SIP_PORT = 25060;
  static final int UA_PORT = 25080;
  static final InetSocketAddress PROXY_PUBLIC = new InetSocketAddress("127.0.1.1", SIP_PORT);
  static final InetSocketAddress PROXY_PRIVATE = new InetSocketAddress("127.0.2.1", SIP_PORT);
  static final String DEFAULT_LIST =
      "1 sip:127.0.1.21:"
          + UA_PORT
          + "\n2 sip:127.0.2.11:"
          + UA_PORT
          + "\n2 sip:127.0.2.12:"
          + UA_PORT
          + "\n";

  /** Which relay carries the media, and how the proxy reaches it. */
  enum Media {
    IN_PROCESS,
    NG_ISTHMUS,
    NG_RTPENGINE
  }

  /** What differs between fixtures; {@link #DEFAULTS} is the reference scenario over UDP. */
  record Options(
      Media media,
      boolean tcp,
      String list,
      HealthSettings health,
      Optional<ProbeSettings> probing,
      Optional<FakeClock> probeClock,
      ProxyConfig config,
      DispatcherSettings dispatcher) {
    static final Options DEFAULTS =
        new Options(
            Media.IN_PROCESS,
            false,
            DEFAULT_LIST,
            HealthSettings.DEFAULTS,
            Optional.empty(),
            Optional.empty(),
            ProxyConfig.DEFAULTS,
            DispatcherSettings.DEFAULTS);

    /** Another dispatcher list (list-file text). */
    Options withList(String l) {
      return new Options(media, tcp, l, health, probing, probeClock, config, dispatcher);
    }

    /** The dispatcher's settings (the no-response timeout above all). */
    Options withDispatcher(DispatcherSettings d) {
      return new Options(media, tcp, list, health, probing, probeClock, config, d);
    }

    Options withMedia(Media m) {
      return new Options(m, tcp, list, health, probing, probeClock, config, dispatcher);
    }

    Options overTcp() {
      return new Options(media, true, list, health, probing, probeClock, config, dispatcher);
    }

    Options withProbing(HealthSettings h, ProbeSettings p) {
      return new Options(media, tcp, list, h, Optional.of(p), probeClock, config, dispatcher);
    }

    /**
     * The prober's rounds and probe timeouts run on {@code clock}, only when the test advances it:
     * whether a reply beat the timeout never depends on how loaded the machine is.
     */
    Options withProbing(HealthSettings h, ProbeSettings p, FakeClock clock) {
      return new Options(
          media, tcp, list, h, Optional.of(p), Optional.of(clock), config, dispatcher);
    }

    /** RFC 3261 timers T1, T2, T4 (short ones let wait timers J, K, M pass within a test). */
    Options withTimers(Duration t1, Duration t2, Duration t4) {
      return new Options(
          media,
          tcp,
          list,
          health,
          probing,
          probeClock,
          config.withTransactions(config.transactions().withTimers(t1, t2, t4)),
          dispatcher);
    }
  }

  final LoopGroup loops = LoopGroup.start(2, true);
  final RelayCommandHandler relay; // null with rtpengine
  final Dispatcher dispatcher;
  final Proxy proxy;
  final MediaControl media;
  final Prober prober; // null without probing
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private RtpengineProcess rtpengine;

  ProxyFixture() throws Exception {
    this(Options.DEFAULTS);
  }

  ProxyFixture(Options options) throws Exception {
    try {
      relay = options.media() == Media.NG_RTPENGINE ? null : isthmusRelay();
      media = mediaControl(options.media());
      HealthMonitor monitor = new HealthMonitor(options.health(), (gw, from, to, why) -> {});
      dispatcher =
          new Dispatcher(
              ListFileParser.parse("e2e.list", options.list()),
              options.dispatcher(),
              monitor,
              new CallLoad());
      Networks networks =
          Networks.of(
              List.of(
                  network("public", "127.0.1.1", "127.0.1.0/24", 1, options.tcp()),
                  network("private", "127.0.2.1", "127.0.2.0/24", 2, options.tcp())));
      proxy =
          Proxy.start(
              options.config(), networks, loops, TransportConfig.DEFAULT, dispatcher, media);
      prober =
          options
              .probing()
              .map(
                  p ->
                      new Prober(
                          monitor,
                          proxy.optionsSender(),
                          new OptionsRequestFactory("127.0.2.1", new Random(7)),
                          options.probeClock().<Clock>map(c -> c).orElse(Clock.system()),
                          options
                              .probeClock()
                              .<Scheduler>map(c -> c)
                              .orElseGet(() -> new ExecutorScheduler(timers)),
                          p))
              .orElse(null);
      if (prober != null) {
        prober.start();
      }
    } catch (Exception | AssertionError e) {
      close();
      throw e;
    }
  }

  private RelayCommandHandler isthmusRelay() {
    RelayCommandHandler r =
        RelayCommandHandler.start(
            RelayConfig.defaults(
                    List.of(
                        LogicalInterface.parse("public/127.0.1.1"),
                        LogicalInterface.parse("private/127.0.2.1")))
                .withPorts(46000, 46999),
            ControlConfig.defaults().withDeleteDelay(Duration.ZERO),
            CallListener.none());
    resources.add(r);
    return r;
  }

  private MediaControl mediaControl(Media kind) throws Exception {
    MediaControl m =
        switch (kind) {
          case IN_PROCESS -> new InProcessMediaControl(relay, MediaSettings.DEFAULTS);
          case NG_ISTHMUS -> {
            NgServer server =
                NgServer.start(
                    NgServerConfig.defaults()
                        .withBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                    relay);
            resources.add(server);
            yield ngControl(server.localAddress());
          }
          case NG_RTPENGINE -> {
            rtpengine =
                RtpengineProcess.start(
                    Path.of("target", "rtpengine"), "rtpengine", 0, 47000, 47999);
            resources.add(rtpengine);
            yield ngControl(rtpengine.ng());
          }
        };
    resources.add(m);
    return m;
  }

  private MediaControl ngControl(InetSocketAddress node) throws Exception {
    NgClient client = NgClient.start(NgClientConfig.of(node));
    resources.add(client);
    return new NgMediaControl(
        List.of(new RelayNode(node.toString(), 1, client::send)),
        MediaSettings.DEFAULTS,
        new ExecutorScheduler(timers),
        NgMediaControl.DEFAULT_PROBE_INTERVAL);
  }

  /** The rtpengine daemon's last log lines (for failure messages), or "". */
  String rtpengineLog() {
    return rtpengine == null ? "" : rtpengine.logTail(30);
  }

  private static Network network(String name, String address, String subnet, int set, boolean tcp) {
    List<SocketSpec> sockets = new ArrayList<>();
    sockets.add(SocketSpec.of(Transport.UDP, address, SIP_PORT));
    if (tcp) {
      sockets.add(SocketSpec.of(Transport.TCP, address, SIP_PORT));
    }
    return new Network(name, sockets, name, List.of(Subnet.parse(subnet)), set, Optional.empty());
  }

  @Override
  public void close() {
    if (prober != null) {
      prober.stop();
    }
    if (proxy != null) {
      proxy.close();
    }
    loops.close();
    for (AutoCloseable r : resources.reversed()) {
      try {
        r.close();
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
    timers.shutdownNow();
  }
}
