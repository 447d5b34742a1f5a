package io.isthmus.proxy.network;

import java.util.List;
import java.util.Optional;

/** The reference scenario's two networks, sockets on port 0 unless given. */
public final class TestNetworks {
  private TestNetworks() {}

  public static Network publicNetwork(int udpPort, int tcpPort) {
    return new Network(
        "public",
        List.of(
            SocketSpec.of(Transport.UDP, "127.0.1.1", udpPort),
            SocketSpec.of(Transport.TCP, "127.0.1.1", tcpPort)),
        "public",
        List.of(Subnet.parse("127.0.1.0/24")),
        1,
        Optional.empty());
  }

  public static Network privateNetwork(int udpPort, int tcpPort) {
    return new Network(
        "private",
        List.of(
            SocketSpec.of(Transport.UDP, "127.0.2.1", udpPort),
            SocketSpec.of(Transport.TCP, "127.0.2.1", tcpPort)),
        "private",
        List.of(Subnet.parse("127.0.2.0/24")),
        2,
        Optional.empty());
  }

  /** public and private, every socket on an ephemeral port. */
  public static Networks reference() {
    return Networks.of(List.of(publicNetwork(0, 0), privateNetwork(0, 0)));
  }
}
