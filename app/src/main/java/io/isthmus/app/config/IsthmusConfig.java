package io.isthmus.app.config;

import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.ng.net.NgClientConfig;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.transaction.TransactionConfig;
import io.isthmus.proxy.transport.TransportConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A validated Isthmus configuration: every section as an immutable record, and the component
 * settings built from them. Only {@link ConfigLoader} makes one, after every check passed, so the
 * builders below do not fail. They build a new object on each call: call each once when wiring.
 *
 * @param file the config file name (as errors name it)
 * @param networks the networks in file order
 * @param dispatcher gateway sets and dispatcher settings
 * @param relay relay control and settings
 * @param sip transaction and transport settings
 * @param admin the admin HTTP endpoint
 * @param logging log levels
 * @param hep HEP capture for Homer ({@link HepConfig#OFF} when not configured)
 * @param ha state in Redis ({@link HaConfig#OFF} when not configured)
 */
public record IsthmusConfig(
    String file,
    List<NetworkConfig> networks,
    DispatcherConfig dispatcher,
    RelayConfigSection relay,
    SipConfig sip,
    AdminConfig admin,
    LoggingConfig logging,
    HepConfig hep,
    HaConfig ha) {

  /** The top-level keys; {@code networks} and {@code dispatcher} are required, the rest default. */
  public static final String KEY_NETWORKS = "networks";

  public static final String KEY_DISPATCHER = "dispatcher";
  public static final String KEY_RELAY = "relay";
  public static final String KEY_SIP = "sip";
  public static final String KEY_ADMIN = "admin";
  public static final String KEY_LOGGING = "logging";
  public static final String KEY_HEP = "hep";
  public static final String KEY_HA = "ha";

  public IsthmusConfig {
    networks = List.copyOf(networks);
  }

  /** The network of that name. */
  public Optional<NetworkConfig> network(String name) {
    return networks.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The proxy's networks (sockets, sources, targets). */
  public Networks proxyNetworks() {
    List<Network> list = new ArrayList<>();
    for (NetworkConfig n : networks) {
      list.add(n.toNetwork());
    }
    return Networks.of(list);
  }

  /** The relay's logical interfaces, one per network, in network order. */
  public List<LogicalInterface> mediaInterfaces() {
    return networks.stream().map(NetworkConfig::media).toList();
  }

  /** The in-process relay engine's settings. */
  public RelayConfig relayConfig() {
    return relay.relayConfig(mediaInterfaces());
  }

  /** The NG clients for {@code relay.nodes}, in order (weights on {@link #relay()}.nodes()). */
  public List<NgClientConfig> ngClientConfigs() {
    return relay.nodes().stream()
        .map(n -> n.clientConfig(relay.ngTimeout(), relay.ngRetries()))
        .toList();
  }

  /** The transaction layer's timers; the INVITE no-response timer is the dispatcher's. */
  public TransactionConfig transactionConfig() {
    return sip.transactionConfig(dispatcher.noResponseTimeout());
  }

  /** The SIP transports' settings. */
  public TransportConfig transportConfig() {
    return sip.transportConfig();
  }
}
