package io.isthmus.app.config;

import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.sip.uri.IpLiterals;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Says in plain words where calls go under a config, one line per network, as the proxy will route
 * them: {@code calls from public (127.0.1.0/24) go to set 2 on private via 127.0.2.1, media
 * public<->private}.
 */
public final class CallPaths {
  private CallPaths() {}

  /** One line per network, in file order. */
  public static List<String> describe(IsthmusConfig config) {
    Networks networks = config.proxyNetworks();
    List<String> out = new ArrayList<>();
    for (Network from : networks.all()) {
      Network to = networks.targetFor(from);
      out.add(
          "calls from "
              + from.name()
              + " ("
              + from.sources().stream().map(Subnet::toString).collect(Collectors.joining(", "))
              + ") go to set "
              + to.gatewaySet()
              + " on "
              + to.name()
              + " via "
              + addresses(to)
              + ", media "
              + from.mediaInterface()
              + "<->"
              + to.mediaInterface());
    }
    return out;
  }

  /** The distinct addresses of the network's SIP sockets, where requests to it leave from. */
  private static String addresses(Network n) {
    Set<String> addresses = new LinkedHashSet<>();
    for (SocketSpec s : n.sockets()) {
      addresses.add(IpLiterals.format(s.address()));
    }
    return String.join(", ", addresses);
  }
}
