package io.isthmus.app.config;

import io.isthmus.media.net.LogicalInterface;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.proxy.network.Transport;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Binds {@code networks:} to {@link NetworkConfig}s, reporting what does not fit. */
final class NetworksReader {
  private NetworksReader() {}

  /** The transport protocols the relay speaks ({@code media-protocol}). */
  private static final Converter<String> MEDIA_PROTOCOL =
      Converters.enumeration(
          "a media protocol",
          MediaFlags.PROTOCOLS.stream()
              .collect(
                  java.util.stream.Collectors.toMap(
                      p -> p, p -> p, (a, b) -> a, java.util.LinkedHashMap::new)));

  static List<NetworkConfig> read(MappingReader root) {
    return read(root, java.nio.file.Path.of("."));
  }

  /** {@link #read(MappingReader)} with the security files resolved against {@code dir}. */
  static List<NetworkConfig> read(MappingReader root, java.nio.file.Path dir) {
    YamlNode node =
        root.require(
            IsthmusConfig.KEY_NETWORKS, "a mapping of network names (public, private) to networks");
    if (node == null) {
      return List.of();
    }
    MappingReader networks =
        MappingReader.of(
            root.errors(),
            root.lines(),
            IsthmusConfig.KEY_NETWORKS,
            node,
            "network names (public, private) mapped to networks");
    List<NetworkConfig> out = new ArrayList<>();
    List<MappingReader.Item> entries = networks.entries();
    if (entries.isEmpty() && node instanceof YamlNode.Mapping) {
      root.errors()
          .add(node.line(), IsthmusConfig.KEY_NETWORKS, "no network (expected at least one)");
    }
    for (MappingReader.Item entry : entries) {
      NetworkConfig n = network(networks, entry, dir);
      if (n != null) {
        out.add(n);
      }
    }
    return out;
  }

  private static NetworkConfig network(
      MappingReader networks, MappingReader.Item entry, java.nio.file.Path dir) {
    Errors errors = networks.errors();
    String name =
        networks.convert(
            new YamlNode.Scalar(entry.keyLine(), entry.key()), entry.path(), Converters.NAME);
    MappingReader m =
        MappingReader.of(
            errors,
            networks.lines(),
            entry.path(),
            entry.node(),
            "the keys sip, media, sources and gateway-set");
    List<SocketSpec> sockets = sockets(m);
    LogicalInterface media = media(m, name == null ? entry.key() : name);
    List<Subnet> sources = new ArrayList<>();
    YamlNode sourcesNode =
        m.require(NetworkConfig.KEY_SOURCES, "a list of subnets, e.g. [127.0.1.0/24]");
    if (sourcesNode != null) {
      List<MappingReader.Item> items =
          m.items(sourcesNode, m.path(NetworkConfig.KEY_SOURCES), "a list of subnets");
      if (items.isEmpty() && sourcesNode instanceof YamlNode.Sequence) {
        errors.add(
            sourcesNode.line(),
            m.path(NetworkConfig.KEY_SOURCES),
            "empty (expected at least one subnet: requests from unknown sources are refused)");
      }
      for (MappingReader.Item item : items) {
        Subnet s = m.convert(item.node(), item.path(), Converters.SUBNET);
        if (s != null) {
          m.lines().note(s, item.path());
          sources.add(s);
        }
      }
    }
    Integer gatewaySet = m.required(NetworkConfig.KEY_GATEWAY_SET, Converters.SET_ID);
    String routesTo = m.value(NetworkConfig.KEY_ROUTES_TO, null, Converters.NAME);
    NetworkSecurity security = SecurityReader.read(m, name == null ? entry.key() : name, dir);
    String mediaProtocol = m.value(NetworkConfig.KEY_MEDIA_PROTOCOL, null, MEDIA_PROTOCOL);
    List<String> relayFlags = MediaFlags.read(m, NetworkConfig.KEY_RELAY_FLAGS);
    String flagProtocol = MediaFlags.parse(relayFlags, new ArrayList<>()).transportProtocol();
    if (mediaProtocol != null && flagProtocol != null && !flagProtocol.equals(mediaProtocol)) {
      errors.add(
          m.lines().of(m.path(NetworkConfig.KEY_RELAY_FLAGS)),
          m.path(NetworkConfig.KEY_RELAY_FLAGS),
          flagProtocol
              + ": media-protocol says "
              + mediaProtocol
              + " (expected one transport protocol for the network: write it once)");
    }
    boolean tlsSocket = sockets.stream().anyMatch(s -> s.transport() == Transport.TLS);
    if (tlsSocket && security.tls().isEmpty() && !m.has(NetworkSecurity.KEY_TLS)) {
      errors.add(
          entry.keyLine(),
          m.path(NetworkSecurity.KEY_TLS),
          "missing (a tls socket needs a certificate: tls: {certificate, key} or self-signed: true)");
    }
    if (!tlsSocket && m.has(NetworkSecurity.KEY_TLS)) {
      errors.add(
          entry.keyLine(),
          m.path(NetworkSecurity.KEY_TLS),
          "given, but no sip entry has the tls transport (expected transports: [udp, tcp, tls])");
    }
    m.finish();
    // A network with errors in some keys is still returned with what did bind: the checks across
    // networks then report their findings too (the load fails either way).
    if (name == null || media == null || sources.isEmpty() || gatewaySet == null) {
      return null;
    }
    return new NetworkConfig(
        name,
        sockets,
        media,
        sources,
        gatewaySet,
        Optional.ofNullable(routesTo),
        security,
        Optional.ofNullable(mediaProtocol),
        relayFlags);
  }

  /** The SIP sockets of the entries that bind (errors reported for the others). */
  private static List<SocketSpec> sockets(MappingReader m) {
    YamlNode sip =
        m.require(
            NetworkConfig.KEY_SIP, "a list of {address, port, transports}, e.g. [{address: ...}]");
    if (sip == null) {
      return List.of();
    }
    List<MappingReader.Item> items =
        m.items(sip, m.path(NetworkConfig.KEY_SIP), "a list of {address, port, transports}");
    if (items.isEmpty()) {
      if (sip instanceof YamlNode.Sequence) {
        m.errors()
            .add(
                sip.line(),
                m.path(NetworkConfig.KEY_SIP),
                "empty (expected at least one SIP socket: {address, port, transports})");
      }
      return List.of();
    }
    List<SocketSpec> out = new ArrayList<>();
    Map<Transport, String> seen = new EnumMap<>(Transport.class);
    for (MappingReader.Item item : items) {
      MappingReader entry =
          MappingReader.of(
              m.errors(),
              m.lines(),
              item.path(),
              item.node(),
              "the keys address, port, tls-port, transports");
      InetAddress address = entry.required(NetworkConfig.KEY_ADDRESS, Converters.ADDRESS);
      Integer port =
          entry.value(NetworkConfig.KEY_PORT, NetworkConfig.DEFAULT_PORT, Converters.PORT);
      boolean portOk = !entry.has(NetworkConfig.KEY_PORT) || port != null;
      Integer tlsPort =
          entry.value(NetworkConfig.KEY_TLS_PORT, NetworkConfig.DEFAULT_TLS_PORT, Converters.PORT);
      if (tlsPort != null && port != null && tlsPort.equals(port)) {
        m.errors()
            .add(
                item.node().line(),
                entry.path(NetworkConfig.KEY_TLS_PORT),
                "the same as port "
                    + port
                    + " (expected another port: TLS and TCP cannot share one, default 5061)");
        portOk = false;
      }
      List<Transport> transports = new ArrayList<>();
      if (entry.has(NetworkConfig.KEY_TRANSPORTS)) {
        for (MappingReader.Item t :
            entry.list(NetworkConfig.KEY_TRANSPORTS, "a list of transports, e.g. [udp, tcp]")) {
          Transport tr = entry.convert(t.node(), t.path(), Converters.TRANSPORT);
          if (tr != null && claim(seen, tr, item.path(), t.path(), t.node().line(), m.errors())) {
            transports.add(tr);
          }
        }
      } else {
        for (Transport tr : NetworkConfig.DEFAULT_TRANSPORTS) {
          if (claim(seen, tr, item.path(), item.path(), item.node().line(), m.errors())) {
            transports.add(tr);
          }
        }
      }
      entry.finish();
      if (address == null || !portOk) {
        continue;
      }
      for (Transport tr : transports) {
        SocketSpec spec =
            new SocketSpec(tr, address, tr == Transport.TLS && tlsPort != null ? tlsPort : port);
        m.lines().note(spec, entry.path(NetworkConfig.KEY_ADDRESS));
        out.add(spec);
      }
    }
    return out;
  }

  /** Records that {@code owner} has the socket for {@code transport}; false if another has. */
  private static boolean claim(
      Map<Transport, String> seen,
      Transport transport,
      String owner,
      String path,
      int line,
      Errors errors) {
    String previous = seen.putIfAbsent(transport, owner);
    if (previous == null) {
      return true;
    }
    errors.add(
        line,
        path,
        "a second "
            + transport.name().toLowerCase(Locale.ROOT)
            + " socket in this network, after "
            + previous
            + " (expected one socket per transport: it is where requests to this network leave"
            + " from)");
    return false;
  }

  /** The media interface; a spec without {@code name/} is named after the network. */
  private static LogicalInterface media(MappingReader m, String networkName) {
    YamlNode node =
        m.require(NetworkConfig.KEY_MEDIA, "a media interface name/local-address[!advertised]");
    if (node == null) {
      return null;
    }
    if (node instanceof YamlNode.Scalar s && !s.isNull() && s.text().indexOf('/') < 0) {
      node = new YamlNode.Scalar(s.line(), networkName + "/" + s.text());
    }
    return m.convert(node, m.path(NetworkConfig.KEY_MEDIA), Converters.INTERFACE);
  }
}
