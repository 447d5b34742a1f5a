package io.isthmus.proxy.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validated, immutable set of networks: unique names, no subnet shared by two networks (a
 * source must classify to exactly one network), no SIP socket claimed twice, and a target network
 * for each network ({@link Network#routesTo()}, or the other one of exactly two).
 */
public final class Networks {
  private final List<Network> all;
  private final Map<String, Network> byName;
  private final Network[] targets;

  private Networks(List<Network> all, Network[] targets) {
    this.all = all;
    this.targets = targets;
    Map<String, Network> m = new LinkedHashMap<>();
    for (Network n : all) {
      m.put(n.name(), n);
    }
    this.byName = Map.copyOf(m);
  }

  /**
   * Validates and freezes {@code networks}.
   *
   * @throws IllegalArgumentException naming the networks and values in conflict
   */
  public static Networks of(List<Network> networks) {
    List<Network> all = List.copyOf(networks);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no network configured");
    }
    checkNames(all);
    checkSubnets(all);
    checkSockets(all);
    Network[] targets = new Network[all.size()];
    for (int i = 0; i < all.size(); i++) {
      targets[i] = resolveTarget(all, all.get(i));
    }
    return new Networks(all, targets);
  }

  private static void checkNames(List<Network> all) {
    Set<String> names = new HashSet<>();
    for (Network n : all) {
      if (!names.add(n.name())) {
        throw new IllegalArgumentException("network name '" + n.name() + "' is used twice");
      }
    }
  }

  /** Overlaps inside one network are harmless; across two they make classification ambiguous. */
  private static void checkSubnets(List<Network> all) {
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        Network a = all.get(i);
        Network b = all.get(j);
        for (Subnet sa : a.sources()) {
          for (Subnet sb : b.sources()) {
            if (sa.overlaps(sb)) {
              throw new IllegalArgumentException(
                  "subnet "
                      + sb
                      + " of network '"
                      + b.name()
                      + "' overlaps subnet "
                      + sa
                      + " of network '"
                      + a.name()
                      + "'");
            }
          }
        }
      }
    }
  }

  private static void checkSockets(List<Network> all) {
    Map<SocketSpec, String> owners = new HashMap<>();
    for (Network n : all) {
      for (SocketSpec s : n.sockets()) {
        if (s.port() == 0) {
          continue; // ephemeral: the kernel picks distinct ports
        }
        String previous = owners.putIfAbsent(s, n.name());
        if (previous != null) {
          throw new IllegalArgumentException(
              "socket "
                  + s
                  + " is configured in networks '"
                  + previous
                  + "' and '"
                  + n.name()
                  + "'");
        }
      }
    }
  }

  private static Network resolveTarget(List<Network> all, Network from) {
    if (from.routesTo().isPresent()) {
      String target = from.routesTo().get();
      for (Network n : all) {
        if (n.name().equals(target)) {
          return n;
        }
      }
      throw new IllegalArgumentException(
          "network '" + from.name() + "' routes to unknown network '" + target + "'");
    }
    if (all.size() == 1) {
      return from;
    }
    if (all.size() == 2) {
      return all.get(0) == from ? all.get(1) : all.get(0);
    }
    throw new IllegalArgumentException(
        "network '"
            + from.name()
            + "' needs routes-to: with "
            + all.size()
            + " networks the target network is not implied");
  }

  /** Every network, in configuration order. */
  public List<Network> all() {
    return all;
  }

  /** The network of that name. */
  public Optional<Network> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The network that owns {@code socket}, compared by identity of the configured spec. */
  public Optional<Network> networkOf(SocketSpec socket) {
    for (Network n : all) {
      for (SocketSpec s : n.sockets()) {
        if (s == socket) {
          return Optional.of(n);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The network a request received from {@code from} is sent to: its {@code routesTo}, else the
   * other of two networks (a lone network routes to itself).
   */
  public Network targetFor(Network from) {
    return targets[indexOf(from)];
  }

  /** The socket a request for {@code target} leaves from, for {@code transport}. */
  public Optional<SocketSpec> egressSocket(Network target, Transport transport) {
    return all.get(indexOf(target)).socket(transport);
  }

  /** Position of {@code n} in {@link #all()}; networks are compared by identity on this path. */
  int indexOf(Network n) {
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i) == n) {
        return i;
      }
    }
    throw new IllegalArgumentException("network '" + n.name() + "' is not one of these networks");
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    for (Network n : all) {
      names.add(n.name());
    }
    return "Networks" + names;
  }
}
