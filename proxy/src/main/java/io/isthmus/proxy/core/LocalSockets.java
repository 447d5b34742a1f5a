package io.isthmus.proxy.core;

import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Transport;
import io.isthmus.sip.header.Via;
import io.isthmus.sip.uri.Host;
import io.isthmus.sip.uri.IpLiterals;
import io.isthmus.sip.uri.SipUri;
import io.isthmus.sip.uri.Uri;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The proxy's own SIP sockets with the addresses they are bound to: what goes into our Via and
 * Record-Route values, and how the core recognises a Route, Request-URI or Via that names us. Each
 * socket has a name, the {@link io.isthmus.proxy.transaction.Hop#socket()} of the transactions on
 * it.
 */
public final class LocalSockets {

  /**
   * One bound socket of a network; {@code signer} signs the Record-Routes it writes (null: none).
   */
  public record Local(
      SocketSpec spec, Network network, InetSocketAddress bound, RouteSigner signer) {
    /** The name hops carry: the configured socket's text form, unique across networks. */
    public String name() {
      return spec.toString();
    }

    public Transport transport() {
      return spec.transport();
    }

    /** The host as written in Via and Record-Route (IPv6 in brackets). */
    public String host() {
      String h = IpLiterals.format(bound.getAddress());
      return h.indexOf(':') >= 0 ? "[" + h + "]" : h;
    }

    /** {@code <sip:host:port;transport=udp;lr>}: a loose-routing Record-Route value (§16.6). */
    public String recordRoute() {
      return "<sip:"
          + host()
          + ":"
          + bound.getPort()
          + ";transport="
          + transport().name().toLowerCase(Locale.ROOT)
          + ";lr>";
    }

    /**
     * {@link #recordRoute()} signed for the dialog of {@code callId} set up by the caller with
     * {@code callerTag} ({@link RouteSigner}); unsigned without a signer.
     */
    public String recordRoute(String callId, String callerTag) {
      if (signer == null) {
        return recordRoute();
      }
      String rr = recordRoute();
      return rr.substring(0, rr.length() - 1)
          + ";"
          + RouteSigner.PARAM
          + "="
          + signer.sign(callId, callerTag)
          + ">";
    }

    /**
     * Our Via for a request leaving on this socket; over TLS with {@code alias} (RFC 5923): the
     * peer may send its requests to us back over the same connection.
     */
    public String via(String branch) {
      Via v = Via.of(transport().viaName(), host(), bound.getPort(), branch, false);
      return (transport() == Transport.TLS ? v.withParameter("alias", null) : v).toString();
    }
  }

  private final List<Local> all;
  private final Map<String, Local> byName = new HashMap<>();
  private final Networks networks;

  private LocalSockets(Networks networks, List<Local> all) {
    this.networks = networks;
    this.all = List.copyOf(all);
    for (Local l : all) {
      byName.put(l.name(), l);
    }
  }

  /** The sockets of {@code networks}, bound where {@code bound} says (the real port for 0). */
  public static LocalSockets of(Networks networks, Function<SocketSpec, InetSocketAddress> bound) {
    return of(networks, bound, null);
  }

  /** {@link #of(Networks, Function)} whose Record-Routes {@code signer} signs (null: unsigned). */
  public static LocalSockets of(
      Networks networks, Function<SocketSpec, InetSocketAddress> bound, RouteSigner signer) {
    List<Local> all = new ArrayList<>();
    for (Network n : networks.all()) {
      for (SocketSpec s : n.sockets()) {
        all.add(new Local(s, n, bound.apply(s), signer));
      }
    }
    return new LocalSockets(networks, all);
  }

  public Networks networks() {
    return networks;
  }

  public List<Local> all() {
    return all;
  }

  /** The socket a hop names. */
  public Local byName(String name) {
    Local l = byName.get(name);
    if (l == null) {
      throw new IllegalArgumentException("not a socket of this proxy: " + name);
    }
    return l;
  }

  /** The configured socket {@code spec} (by identity). */
  public Local of(SocketSpec spec) {
    for (Local l : all) {
      if (l.spec() == spec) {
        return l;
      }
    }
    throw new IllegalArgumentException("not a socket of this proxy: " + spec);
  }

  /** The socket of {@code network} for {@code transport}, if it has one. */
  public Optional<Local> egress(Network network, Transport transport) {
    for (Local l : all) {
      if (l.network() == network && l.transport() == transport) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /** The socket whose bound address (and port, when given) matches; empty when none. */
  public Optional<Local> find(String proto, String host, int port) {
    Host h;
    try {
      h = Host.of(host);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    for (Local l : all) {
      if (l.transport().name().equalsIgnoreCase(proto)
          && sameAddress(h, l)
          && (port < 0 || port == l.bound().getPort())) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /**
   * True when {@code uri} names one of our sockets: an IP literal equal to a bound address and the
   * port of a socket there (5060 when absent, RFC 3261 §19.1.2). Names are never resolved, so a
   * host name is never us.
   */
  public boolean isUs(Uri uri) {
    if (!(uri instanceof SipUri sip)) {
      return false;
    }
    int port =
        sip.port() > 0
            ? sip.port()
            : sip.secure() || "tls".equalsIgnoreCase(sip.transport())
                ? Transport.DEFAULT_TLS_PORT
                : Transport.DEFAULT_PORT;
    for (Local l : all) {
      if (sameAddress(sip.hostAddress(), l) && port == l.bound().getPort()) {
        return true;
      }
    }
    return false;
  }

  /** True when the Via's sent-by is one of our sockets. */
  public boolean isUs(Via via) {
    int port =
        via.port() > 0
            ? via.port()
            : "TLS".equalsIgnoreCase(via.transport())
                ? Transport.DEFAULT_TLS_PORT
                : Transport.DEFAULT_PORT;
    for (Local l : all) {
      if (sameAddress(via.sentByHost(), l) && port == l.bound().getPort()) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameAddress(Host host, Local l) {
    return host.kind() != Host.Kind.DOMAIN
        && Arrays.equals(host.address(), l.bound().getAddress().getAddress());
  }
}
