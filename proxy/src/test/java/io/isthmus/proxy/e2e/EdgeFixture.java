package io.isthmus.proxy.e2e;

import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.proxy.core.EdgeSecurity;
import io.isthmus.proxy.core.Proxy;
import io.isthmus.proxy.core.ProxyConfig;
import io.isthmus.proxy.dispatcher.CallLoad;
import io.isthmus.proxy.dispatcher.Dispatcher;
import io.isthmus.proxy.dispatcher.DispatcherSettings;
import io.isthmus.proxy.dispatcher.HealthMonitor;
import io.isthmus.proxy.dispatcher.HealthSettings;
import io.isthmus.proxy.dispatcher.ListFileParser;
import io.isthmus.proxy.media.InProcessMediaControl;
import io.isthmus.proxy.media.MediaSettings;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.proxy.network.Transport;
import io.isthmus.proxy.transport.LoopGroup;
import io.isthmus.proxy.transport.SelfSignedCertificate;
import io.isthmus.proxy.transport.TransportConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The reference scenario of {@link ProxyFixture} (proxy on 127.0.1.1 / 127.0.2.1:25060, UDP, TCP
 * and TLS on 25061, gateways 127.0.2.11/12:25080, in-process relay) started with the edge's guards
 * a test builds from the networks and the gateways' dispatcher.
 */
final class EdgeFixture implements AutoCloseable {
  static final int SIP_PORT = ProxyFixture.SIP_PORT;
  static final int TLS_PORT = 25061;
  static final InetSocketAddress PUBLIC_TLS = new InetSocketAddress("127.0.1.1", TLS_PORT);

  final LoopGroup loops = LoopGroup.start(2, true);
  final RelayCommandHandler relay;
  final Dispatcher dispatcher;
  final Proxy proxy;
  private final InProcessMediaControl media;

  /** A self-signed certificate for 127.0.1.1 and 127.0.2.1 in {@code dir}: [cert, key]. */
  static Path[] certificate(Path dir, String cn) throws Exception {
    Files.createDirectories(dir);
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    SelfSignedCertificate.generate(
        cert, key, cn, List.of("127.0.1.1", "127.0.2.1"), List.of("sip.example.test"));
    return new Path[] {cert, key};
  }

  EdgeFixture(String list, Function<Dispatcher, EdgeSecurity> security) throws Exception {
    this(list, DispatcherSettings.DEFAULTS, security);
  }

  EdgeFixture(String list, DispatcherSettings settings, Function<Dispatcher, EdgeSecurity> security)
      throws Exception {
    relay =
        RelayCommandHandler.start(
            RelayConfig.defaults(
                    List.of(
                        LogicalInterface.parse("public/127.0.1.1"),
                        LogicalInterface.parse("private/127.0.2.1")))
                .withPorts(46000, 46999),
            ControlConfig.defaults().withDeleteDelay(Duration.ZERO),
            CallListener.none());
    media = new InProcessMediaControl(relay, MediaSettings.DEFAULTS);
    dispatcher =
        new Dispatcher(
            ListFileParser.parse("edge.list", list),
            settings,
            new HealthMonitor(HealthSettings.DEFAULTS, (gw, from, to, why) -> {}),
            new CallLoad());
    EdgeSecurity edge = security.apply(dispatcher);
    Networks networks =
        Networks.of(
            List.of(
                network("public", "127.0.1.1", "127.0.1.0/24", 1, !edge.tls().isEmpty()),
                network("private", "127.0.2.1", "127.0.2.0/24", 2, !edge.tls().isEmpty())));
    Proxy p;
    try {
      p =
          Proxy.start(
              ProxyConfig.DEFAULTS,
              networks,
              loops,
              TransportConfig.DEFAULT,
              dispatcher,
              media,
              edge);
    } catch (RuntimeException e) {
      close(null);
      throw e;
    }
    proxy = p;
  }

  private static Network network(String name, String address, String subnet, int set, boolean tls) {
    List<SocketSpec> sockets = new ArrayList<>();
    sockets.add(SocketSpec.of(Transport.UDP, address, SIP_PORT));
    sockets.add(SocketSpec.of(Transport.TCP, address, SIP_PORT));
    if (tls) {
      sockets.add(SocketSpec.of(Transport.TLS, address, TLS_PORT));
    }
    return new Network(name, sockets, name, List.of(Subnet.parse(subnet)), set, Optional.empty());
  }

  private void close(Proxy p) {
    if (p != null) {
      p.close();
    }
    loops.close();
    media.close();
    relay.close();
  }

  @Override
  public void close() {
    close(proxy);
  }
}
