package io.isthmus.proxy.e2e;

import io.isthmus.media.control.ControlConfig;
import io.isthmus.media.control.RelayCommandHandler;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.RelayConfig;
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
import io.isthmus.proxy.transport.TransportConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The reference scenario in one JVM on non-default ports: proxy on 127.0.1.1:25060 (public) and
 * 127.0.2.1:25060 (private), gateways of the private set on 127.0.2.11/12:25080, of the public set
 * on 127.0.1.21:25080, and the Isthmus relay in process with interfaces public/127.0.1.1 and
 * private/127.0.2.1 (ports 46000-46999).
 */
final class ProxyFixture implements AutoCloseable {
  static final int SIP_PORT = 25060;
  static final int UA_PORT = 25080;
  static final InetSocketAddress PROXY_PUBLIC = new InetSocketAddress("127.0.1.1", SIP_PORT);
  static final InetSocketAddress PROXY_PRIVATE = new InetSocketAddress("127.0.2.1", SIP_PORT);

  final LoopGroup loops = LoopGroup.start(2, true);
  final RelayCommandHandler relay;
  final Dispatcher dispatcher;
  final Proxy proxy;

  ProxyFixture() throws Exception {
    relay =
        RelayCommandHandler.start(
            RelayConfig.defaults(
                    List.of(
                        LogicalInterface.parse("public/127.0.1.1"),
                        LogicalInterface.parse("private/127.0.2.1")))
                .withPorts(46000, 46999),
            ControlConfig.defaults().withDeleteDelay(Duration.ZERO),
            CallListener.none());
    dispatcher =
        new Dispatcher(
            ListFileParser.parse(
                "e2e.list",
                "1 sip:127.0.1.21:"
                    + UA_PORT
                    + "\n2 sip:127.0.2.11:"
                    + UA_PORT
                    + "\n2 sip:127.0.2.12:"
                    + UA_PORT
                    + "\n"),
            DispatcherSettings.DEFAULTS,
            new HealthMonitor(HealthSettings.DEFAULTS, (gw, from, to, why) -> {}),
            new CallLoad());
    Networks networks =
        Networks.of(
            List.of(
                network("public", "127.0.1.1", "127.0.1.0/24", "1"),
                network("private", "127.0.2.1", "127.0.2.0/24", "2")));
    proxy =
        Proxy.start(
            ProxyConfig.DEFAULTS,
            networks,
            loops,
            TransportConfig.DEFAULT,
            dispatcher,
            new InProcessMediaControl(relay, MediaSettings.DEFAULTS));
  }

  private static Network network(String name, String address, String subnet, String set) {
    return new Network(
        name,
        List.of(SocketSpec.of(Transport.UDP, address, SIP_PORT)),
        name,
        List.of(Subnet.parse(subnet)),
        set,
        Optional.empty());
  }

  @Override
  public void close() {
    proxy.close();
    loops.close();
    relay.close();
  }
}
