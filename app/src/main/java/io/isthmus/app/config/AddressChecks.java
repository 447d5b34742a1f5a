package io.isthmus.app.config;

import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Transport;
import io.isthmus.sip.uri.IpLiterals;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks on the addresses this process binds: each must be an address of this host, and no
 * address, port and transport may be bound twice (SIP sockets, the NG socket, the admin socket).
 */
final class AddressChecks {
  private final Errors errors;
  private final SourceLines lines;
  private final LocalAddresses local;

  AddressChecks(Errors errors, SourceLines lines, LocalAddresses local) {
    this.errors = errors;
    this.lines = lines;
    this.local = local;
  }

  private String at(String path) {
    return path + " (line " + lines.of(path) + ")";
  }

  private void error(String path, String message) {
    errors.add(lines.of(path), path, message);
  }

  void socketsAreLocal(List<NetworkConfig> networks) {
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

  void mediaIsLocal(List<NetworkConfig> networks) {
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

  void isLocal(InetAddress address, String path) {
    if (!local.isLocal(address)) {
      error(path, notLocal(address));
    }
  }

  private static String notLocal(InetAddress address) {
    return IpLiterals.format(address)
        + " is not an address of this host (expected an address of one of its interfaces;"
        + " any 127.x.y.z is local)";
  }

  /** A socket bound twice fails at start; say so now, naming both keys. */
  void socketsAreDistinct(
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
      return transport.name().toLowerCase(Locale.ROOT) + " " + host + ":" + address.getPort();
    }
  }
}
