package io.isthmus.app.config;

import io.isthmus.app.config.RelayConfigSection.Control;
import io.isthmus.proxy.dispatcher.DispatcherList;
import io.isthmus.proxy.dispatcher.Gateway;
import io.isthmus.proxy.dispatcher.GatewaySet;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.sip.uri.Host;
import io.isthmus.sip.uri.IpLiterals;
import java.net.InetAddress;
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
    directionsNameInterfaces(networks, relay);
    if (dispatcher != null) {
      gatewaySetsExist(networks, dispatcher.gateways());
      gatewaysInsideTheirNetwork(networks, dispatcher.gateways());
      setAlgorithmsNameSets(dispatcher);
    }
    AddressChecks addresses = new AddressChecks(errors, lines, local);
    addresses.socketsAreLocal(networks);
    if (relay != null) {
      if (relay.control() == Control.IN_PROCESS) {
        addresses.mediaIsLocal(networks);
      }
      addresses.isLocal(relay.listenNg().getAddress(), "relay.listen-ng");
      portRangeHoldsSessions(networks, relay);
    }
    addresses.isLocal(admin.listen().getAddress(), "admin.listen");
    addresses.socketsAreDistinct(networks, relay, admin);
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

  /**
   * The {@code direction=} words of the flag strings, as Kamailio writes them (twice: the offerer's
   * interface, then the answerer's), name configured media interfaces. In a network's {@code
   * relay-flags}, which go with SDP sent to that network, the answerer's is the network's own.
   */
  private void directionsNameInterfaces(List<NetworkConfig> networks, RelayConfigSection relay) {
    List<String> names = networks.stream().map(n -> n.media().name()).toList();
    if (relay != null) {
      directions(
          relay.defaultFlags(), "relay." + RelayConfigSection.KEY_DEFAULT_FLAGS, names, null);
    }
    for (NetworkConfig n : networks) {
      directions(
          n.relayFlags(),
          "networks." + n.name() + "." + NetworkConfig.KEY_RELAY_FLAGS,
          names,
          n.media().name());
    }
  }

  private void directions(List<String> words, String key, List<String> names, String own) {
    List<String> given = new java.util.ArrayList<>();
    for (String w : words) {
      if (!w.toLowerCase(java.util.Locale.ROOT).startsWith("direction=")) {
        continue;
      }
      String name = w.substring("direction=".length());
      given.add(name);
      if (!names.contains(name)) {
        error(
            lines.pathOf(w, key),
            w
                + ": no network has the media interface '"
                + name
                + "' (expected one of: "
                + String.join(", ", names)
                + ")");
      }
    }
    if (given.isEmpty()) {
      return;
    }
    if (given.size() != 2) {
      error(
          key,
          "direction= given "
              + given.size()
              + " time(s) (expected twice, as Kamailio writes it: the offerer's interface, then"
              + " the answerer's)");
    } else if (own != null && !given.get(1).equals(own)) {
      error(
          key,
          "direction="
              + given.get(0)
              + " direction="
              + given.get(1)
              + ": these flags go with SDP sent to this network, whose interface is '"
              + own
              + "' (expected the answerer's interface, the second direction=, to be "
              + own
              + ")");
    } else if (own != null && given.get(0).equals(own)) {
      error(
          key,
          "direction="
              + own
              + " twice: a call does not go from a network back to itself (expected the"
              + " offerer's interface first, another network's)");
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
}
