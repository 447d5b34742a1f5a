package io.isthmus.proxy.core;

import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.SourceClassifier;
import io.isthmus.proxy.transaction.Hop;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.sip.uri.Uri;
import java.util.Optional;

/**
 * Where a message leaves the proxy: the one place that chooses the egress socket for a destination.
 * The socket is the one of the network the destination's address belongs to (by the networks'
 * source subnets), on the destination's transport; a gateway's {@code socket=} attribute wins when
 * it names one of our sockets; a destination in no network goes out on the fallback network the
 * caller names (for a call: the target network of its inbound one). Shared by the cores of all
 * loops: immutable.
 */
final class Routing {
  private final LocalSockets sockets;
  private final SourceClassifier classifier;

  Routing(LocalSockets sockets) {
    this.sockets = sockets;
    this.classifier = new SourceClassifier(sockets.networks());
  }

  /** A destination with the socket to send to it from: what a {@link Hop} is made of. */
  record Egress(LocalSockets.Local socket, Destination destination) {
    Hop hop() {
      return new Hop(socket.name(), destination.address(), destination.transport().reliable());
    }

    Network network() {
      return socket.network();
    }
  }

  LocalSockets sockets() {
    return sockets;
  }

  /** The network requests from {@code inbound} are routed to. */
  Network targetFor(Network inbound) {
    return sockets.networks().targetFor(inbound);
  }

  /** The first network of the configuration (probes to a gateway in no network). */
  Network firstNetwork() {
    return sockets.networks().all().getFirst();
  }

  /** {@link #egress(Destination, Network, SocketSpec)} of the next hop a URI names. */
  Egress egress(Uri next, Network fallback) throws NextHop.Unroutable {
    return egress(NextHop.of(next), fallback, null);
  }

  /**
   * The socket to reach {@code d} from.
   *
   * @param fallback the network to use when {@code d} is in none of ours; null: unroutable then
   * @param pinned a gateway's {@code socket=} attribute, or null
   */
  Egress egress(Destination d, Network fallback, io.isthmus.proxy.dispatcher.GatewaySocket pinned)
      throws NextHop.Unroutable {
    if (pinned != null) {
      Optional<LocalSockets.Local> l = sockets.find(pinned.proto(), pinned.host(), pinned.port());
      if (l.isPresent()) {
        return new Egress(l.get(), d);
      }
    }
    Network n = classifier.networkOf(d.address().getAddress());
    if (n == null) {
      n = fallback;
    }
    if (n == null) {
      throw new NextHop.Unroutable(d.address() + " is in none of our networks");
    }
    Network network = n;
    LocalSockets.Local out =
        sockets
            .egress(network, d.transport())
            .orElseThrow(
                () ->
                    new NextHop.Unroutable(
                        "no " + d.transport() + " socket on network " + network.name()));
    return new Egress(out, d);
  }
}
