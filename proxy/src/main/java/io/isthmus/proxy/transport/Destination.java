package io.isthmus.proxy.transport;

import io.isthmus.proxy.network.Transport;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where to send a message: transport, IP address and port. Always resolved (an IP address, never a
 * name: the proxy does not use DNS).
 */
public record Destination(Transport transport, InetSocketAddress address) {

  public Destination {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("destination must be an IP address: " + address);
    }
  }

  @Override
  public String toString() {
    return transport.name().toLowerCase(java.util.Locale.ROOT) + ":" + address;
  }
}
