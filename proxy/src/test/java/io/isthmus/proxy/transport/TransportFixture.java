package io.isthmus.proxy.transport;

import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.TestNetworks;
import io.isthmus.proxy.network.Transport;
import java.net.InetSocketAddress;

/**
 * The reference scenario's sockets (public 127.0.1.1, private 127.0.2.1, ephemeral ports) on two
 * event loops, with a recorder as handler and error listener.
 */
final class TransportFixture implements AutoCloseable {
  final Networks networks = TestNetworks.reference();
  final Network pub = networks.byName("public").orElseThrow();
  final Network priv = networks.byName("private").orElseThrow();
  final LoopGroup loops;
  final Recorder recorder = new Recorder();
  final SipTransport transport;

  TransportFixture(TransportConfig config) {
    loops = LoopGroup.start(2, true);
    recorder.loops = loops;
    try {
      transport = SipTransport.start(networks, loops, config, recorder, recorder);
    } catch (RuntimeException e) {
      loops.close();
      throw e;
    }
  }

  TransportFixture() {
    this(TransportConfig.DEFAULT);
  }

  SocketSpec socket(Network n, Transport t) {
    return n.socket(t).orElseThrow();
  }

  InetSocketAddress address(Network n, Transport t) {
    return transport.localAddress(socket(n, t));
  }

  @Override
  public void close() {
    try {
      transport.close();
    } finally {
      loops.close();
    }
  }
}
