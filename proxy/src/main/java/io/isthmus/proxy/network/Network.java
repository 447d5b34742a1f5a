package io.isthmus.proxy.network;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One network the proxy joins (public, private, ...).
 *
 * @param name unique name, used in logs, metrics and {@code routesTo}
 * @param sockets the SIP sockets of the proxy on this network, at most one per transport (the
 *     egress socket for that transport is therefore unambiguous)
 * @param mediaInterface the relay's interface name for media on this network (rtpengine's {@code
 *     interface=} name; the media control layer passes it in offers)
 * @param sources the subnets allowed to send SIP to this network's sockets
 * @param gatewaySet the dispatcher set id of the gateways serving calls to this network (a Kamailio
 *     set id, checked against the dispatcher list when the config is read)
 * @param routesTo the network that requests from this network are routed to; empty means "the other
 *     one", which {@link Networks} accepts only when there are exactly two networks
 */
public record Network(
    String name,
    List<SocketSpec> sockets,
    String mediaInterface,
    List<Subnet> sources,
    int gatewaySet,
    Optional<String> routesTo) {

  public Network {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mediaInterface, "mediaInterface");
    Objects.requireNonNull(routesTo, "routesTo");
    if (name.isBlank()) {
      throw new IllegalArgumentException("network name is empty");
    }
    sockets = List.copyOf(sockets);
    sources = List.copyOf(sources);
    if (sockets.isEmpty()) {
      throw new IllegalArgumentException("network '" + name + "' has no SIP socket");
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("network '" + name + "' has no source subnet");
    }
    EnumSet<Transport> seen = EnumSet.noneOf(Transport.class);
    for (SocketSpec s : sockets) {
      if (!seen.add(s.transport())) {
        throw new IllegalArgumentException(
            "network '" + name + "' has more than one " + s.transport() + " socket");
      }
    }
  }

  /** This network's socket for {@code transport}, if it has one. */
  public Optional<SocketSpec> socket(Transport transport) {
    for (SocketSpec s : sockets) {
      if (s.transport() == transport) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** True when one of the source subnets contains the address (4 or 16 bytes). */
  boolean admits(byte[] address) {
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).contains(address)) {
        return true;
      }
    }
    return false;
  }
}
