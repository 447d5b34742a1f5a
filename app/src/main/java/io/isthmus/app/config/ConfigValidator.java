package io.isthmus.app.config;

import io.isthmus.app.config.RelayConfigSection.Control;
import io.isthmus.proxy.dispatcher.DispatcherList;
import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.dispatcher.GatewaySet;
import io.isthmus.proxy.network.IpLiterals;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.proxy.network.Transport;
import io.isthmus.sip.uri.Host;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks that look across keys and sections, run on the bound records: subnets shared by two
 * networks, gateway sets that do not exist, addresses this host cannot bind, sockets claimed twice,
 * a port range too small for the session limit, and more. Every finding names its key and line.
 */
final class ConfigValidator {
  private final Errors errors;
  private final SourceLines lines;
  private final LocalAddresses local;

  ConfigValidator(Errors errors, SourceLines lines, LocalAddresses local) {
    this.errors = errors;
    this.lines = lines;
    this.local = local;
  }

  /** Runs every check whose inputs were bound (a section with errors is null or partial). */
  void validate(
      List<NetworkConfig> networks,
      DispatcherConfig dispatcher,
      RelayConfigSection relay,
      AdminConfig admin) {
    subnetsDoNotOverlap(networks);
    targetsExist(networks);
    interfaceNamesDiffer(networks);
    if (dispatcher != null) {
      gatewaySetsExist(networks, dispatcher.gateways());
      gatewaysInsideTheirNetwork(networks, dispatcher.gateways());
      setAlgorithmsNameSets(dispatcher);
    }
    socketsAreLocal(networks);
    if (relay != null) {
      if (relay.control() == Control.IN_PROCESS) {
        mediaIsLocal(networks);
      }
      isLocal(relay.listenNg().getAddress(), "relay.listen-ng");
      portRangeHoldsSessions(networks, relay);
    }
    isLocal(admin.listen().getAddress(), "admin.listen");
    socketsAreDistinct(networks, relay, admin);
  }

  private void error(String path, String message) {
    errors.add(lines.of(path), path, message);
  }

  private String at(String path) {
    return path + " (line " + lines.of(path) + ")";
  }

  private void subnetsDoNotOverlap(List<NetworkConfig> networks) {
    for (int i = 0; i < networks.size(); i++) {
      for (int j = i + 1; j < networks.size(); j++) {
        NetworkConfig a = networks.get(i);
        NetworkConfig b = networks.get(j);
        for (Subnet sb : b.sources()) {
          for (Subnet sa : a.sources()) {
            if (sa.overlaps(sb)) {
              error(
                  lines.pathOf(sb, "networks." + b.name() + ".sources"),
                  sb
                      + " overlaps "
                      + sa
                      + " of network '"
                      + a.name()
                      + "' at "
                      + at(lines.pathOf(sa, "networks." + a.name() + ".sources"))
                      + " (expected every source address in one network only: the source tells"
                      + " which side a call comes from)");
            }
          }
        }
      }
    }
  }

  private void targetsExist(List<NetworkConfig> networks) {
    Set<String> names = networks.stream().map(NetworkConfig::name).collect(Collectors.toSet());
    for (NetworkConfig n : networks) {
      String key = "networks." + n.name() + "." + NetworkConfig.KEY_ROUTES_TO;
      if (n.routesTo().isPresent()) {
        if (!names.contains(n.routesTo().get())) {
          error(
              key,
              "'"
                  + n.routesTo().get()
                  + "' is not a network (expected one of: "
                  + String.join(", ", networkNames(networks))
                  + ")");
        }
      } else if (networks.size() > 2) {
        errors.add(
            lines.of("networks." + n.name()),
            key,
            "missing (expected the network calls from '"
                + n.name()
                + "' go to: with "
                + networks.size()
                + " networks it is not implied)");
      }
    }
  }

  private static List<String> networkNames(List<NetworkConfig> networks) {
    return networks.stream().map(NetworkConfig::name).toList();
  }

  private void interfaceNamesDiffer(List<NetworkConfig> networks) {
    Map<String, String> owners = new LinkedHashMap<>();
    for (NetworkConfig n : networks) {
      String previous = owners.putIfAbsent(n.media().name(), n.name());
      if (previous != null) {
        error(
            "networks." + n.name() + "." + NetworkConfig.KEY_MEDIA,
            "interface name '"
                + n.media().name()
                + "' is also the media interface of network '"
                + previous
                + "' (expected a distinct interface name per network: the relay picks"
                + " the interface by name)");
      }
    }
  }

  private void gatewaySetsExist(List<NetworkConfig> networks, DispatcherList list) {
    for (NetworkConfig n : networks) {
      if (list.set(n.gatewaySet()) == null) {
        error(
            "networks." + n.name() + "." + NetworkConfig.KEY_GATEWAY_SET,
            "set "
                + n.gatewaySet()
                + " does not exist in the dispatcher (expected one of the"
                + " sets: "
                + setIds(list)
                + ")");
      }
    }
  }

  private static String setIds(DispatcherList list) {
    return list.sets().keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  /**
   * A gateway serving a network sends its own requests (BYE, re-INVITE) from there; outside the
   * network's sources they would be refused with 403.
   */
  private void gatewaysInsideTheirNetwork(List<NetworkConfig> networks, DispatcherList list) {
    for (NetworkConfig n : networks) {
      GatewaySet set = list.set(n.gatewaySet());
      if (set == null) {
        continue;
      }
      for (Gateway g : set.gateways()) {
        Host host = g.uri().hostAddress();
        if (host.kind() == Host.Kind.DOMAIN) {
          continue;
        }
        byte[] address = host.address();
        if (n.sources().stream().noneMatch(s -> s.contains(address))) {
          error(
              "networks." + n.name() + "." + NetworkConfig.KEY_GATEWAY_SET,
              "gateway "
                  + g.uri()
                  + " of set "
                  + n.gatewaySet()
                  + " is outside the sources of"
                  + " network '"
                  + n.name()
                  + "' ("
                  + subnets(n)
                  + ") (expected the gateways"
                  + " serving a network inside its sources: their requests would be refused)");
        }
      }
    }
  }

  private static String subnets(NetworkConfig n) {
    return n.sources().stream().map(Subnet::toString).collect(Collectors.joining(", "));
  }

  private void setAlgorithmsNameSets(DispatcherConfig dispatcher) {
    for (Integer id : dispatcher.setAlgorithms().keySet()) {
      if (dispatcher.gateways().set(id) == null) {
        error(
            "dispatcher." + DispatcherConfig.KEY_SET_ALGORITHMS + "." + id,
            "set "
                + id
                + " does not exist in the dispatcher (expected one of the sets: "
                + setIds(dispatcher.gateways())
                + ")");
      }
    }
  }

  private void socketsAreLocal(List<NetworkConfig> networks) {
    Set<String> reported = new HashSet<>();
    for (NetworkConfig n : networks) {
      for (SocketSpec s : n.sockets()) {
        String path = lines.pathOf(s, "networks." + n.name() + ".sip");
        if (!local.isLocal(s.address()) && reported.add(path)) {
          error(path, notLocal(s.address()));
        }
      }
    }
  }

  private void mediaIsLocal(List<NetworkConfig> networks) {
    for (NetworkConfig n : networks) {
      if (!local.isLocal(n.media().local())) {
        error(
            "networks." + n.name() + "." + NetworkConfig.KEY_MEDIA,
            "local address "
                + notLocal(n.media().local())
                    .replace(" (expected", " (expected, with relay control in-process,"));
      }
    }
  }

  private void isLocal(InetAddress address, String path) {
    if (!local.isLocal(address)) {
      error(path, notLocal(address));
    }
  }

  private static String notLocal(InetAddress address) {
    return IpLiterals.format(address)
        + " is not an address of this host (expected an address of one of its interfaces;"
        + " any 127.x.y.z is local)";
  }

  /**
   * Each media stream of a session takes an RTP and an RTCP port on each side; the range is per
   * local address, so interfaces sharing an address share it.
   */
  private void portRangeHoldsSessions(List<NetworkConfig> networks, RelayConfigSection relay) {
    if (relay.maxSessions() == 0 || networks.isEmpty()) {
      return;
    }
    Map<InetAddress, Integer> sides = new LinkedHashMap<>();
    for (NetworkConfig n : networks) {
      sides.merge(n.media().local(), 1, Integer::sum);
    }
    int ports = relay.portPairs() * 2;
    for (Map.Entry<InetAddress, Integer> e : sides.entrySet()) {
      int sidesHere = Math.min(2, e.getValue());
      long perSession = 2L * relay.streamsPerSession() * sidesHere;
      long needed = perSession * relay.maxSessions();
      if (needed > ports) {
        error(
            "relay." + RelayConfigSection.KEY_MAX_SESSIONS,
            relay.maxSessions()
                + " sessions need "
                + needed
                + " ports on "
                + IpLiterals.format(e.getKey())
                + " but port-min "
                + relay.portMin()
                + " to port-max "
                + relay.portMax()
                + " holds "
                + ports
                + " (each session needs"
                + " 2 ports, RTP and RTCP, per stream per side: "
                + relay.maxSessions()
                + " sessions x "
                + relay.streamsPerSession()
                + " stream(s) x 2 ports x "
                + sidesHere
                + " side(s) on this address = "
                + needed
                + "; expected max-sessions"
                + " at most "
                + ports / perSession
                + " or a wider port range)");
        return;
      }
    }
  }

  /** A socket bound twice fails at start; say so now, naming both keys. */
  private void socketsAreDistinct(
      List<NetworkConfig> networks, RelayConfigSection relay, AdminConfig admin) {
    List<Bound> bound = new ArrayList<>();
    for (NetworkConfig n : networks) {
      for (SocketSpec s : n.sockets()) {
        bound.add(
            new Bound(
                s.transport(),
                s.socketAddress(),
                lines.pathOf(s, "networks." + n.name() + ".sip")));
      }
    }
    if (relay != null) {
      bound.add(new Bound(Transport.UDP, relay.listenNg(), "relay.listen-ng"));
    }
    bound.add(new Bound(Transport.TCP, admin.listen(), "admin.listen"));
    Set<String> reported = new HashSet<>();
    for (int i = 0; i < bound.size(); i++) {
      for (int j = 0; j < i; j++) {
        Bound a = bound.get(j);
        Bound b = bound.get(i);
        if (a.clashes(b) && reported.add(b.path())) {
          error(
              b.path(),
              b.describe()
                  + " is also bound by "
                  + at(a.path())
                  + " (expected each"
                  + " address, port and transport once)");
          break;
        }
      }
    }
  }

  private record Bound(Transport transport, InetSocketAddress address, String path) {
    boolean clashes(Bound o) {
      if (transport != o.transport || address.getPort() != o.address.getPort()) {
        return false;
      }
      InetAddress x = address.getAddress();
      InetAddress y = o.address.getAddress();
      boolean sameFamily = x.getAddress().length == y.getAddress().length;
      return x.equals(y) || (sameFamily && (x.isAnyLocalAddress() || y.isAnyLocalAddress()));
    }

    String describe() {
      String host = IpLiterals.format(address.getAddress());
      if (host.indexOf(':') >= 0) {
        host = "[" + host + "]";
      }
      return transport.name().toLowerCase(java.util.Locale.ROOT)
          + " "
          + host
          + ":"
          + address.getPort();
    }
  }
}
