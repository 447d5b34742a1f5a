package io.isthmus.app.config;

import io.isthmus.media.net.LogicalInterface;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.proxy.network.Transport;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code networks:}: a network the proxy and the relay join.
 *
 * @param name the key under {@code networks:} (public, private, ...)
 * @param sockets the proxy's SIP sockets on this network, one per transport
 * @param media the relay's interface on this network ({@code name/local[!advertised]})
 * @param sources the subnets allowed to send SIP to this network's sockets
 * @param gatewaySet the dispatcher set of the gateways serving calls <em>to</em> this network
 * @param routesTo the network requests from this one go to; empty means "the other of two"
 * @param security TLS certificate, digest authentication, flood limits, trusted subnets
 */
public record NetworkConfig(
    String name,
    List<SocketSpec> sockets,
    LogicalInterface media,
    List<Subnet> sources,
    int gatewaySet,
    Optional<String> routesTo,
    NetworkSecurity security) {

  /** Key of the list of SIP listen entries (required: a network without sockets gets no calls). */
  public static final String KEY_SIP = "sip";

  /** Key of a SIP entry's local address (required: there is no sensible guess). */
  public static final String KEY_ADDRESS = "address";

  /** Key of a SIP entry's port. */
  public static final String KEY_PORT = "port";

  /** Default port: 5060, RFC 3261 §19.1.2's default for sip: URIs over UDP and TCP. */
  public static final int DEFAULT_PORT = Transport.DEFAULT_PORT;

  /** Key of a SIP entry's TLS port (the tls transport's own socket). */
  public static final String KEY_TLS_PORT = "tls-port";

  /** Default TLS port: 5061, RFC 3261 §19.1.2's default for sips: URIs. */
  public static final int DEFAULT_TLS_PORT = Transport.DEFAULT_TLS_PORT;

  /** Key of a SIP entry's transports. */
  public static final String KEY_TRANSPORTS = "transports";

  /** Default transports: UDP and TCP, both of which RFC 3261 §18 requires a proxy to implement. */
  public static final List<Transport> DEFAULT_TRANSPORTS = List.of(Transport.UDP, Transport.TCP);

  /**
   * Key of the media interface, rtpengine's {@code name/local[!advertised]} (required: calls
   * between networks always go through the relay). A bare address takes the network's name.
   */
  public static final String KEY_MEDIA = "media";

  /** Key of the list of source subnets (required: an unknown source is refused with 403). */
  public static final String KEY_SOURCES = "sources";

  /** Key of the gateway set serving this network (required: calls to it need gateways). */
  public static final String KEY_GATEWAY_SET = "gateway-set";

  /**
   * Key of the target network (optional: with exactly two networks, calls go to the other one,
   * which is the product's reason to exist; with more, every network must name its target).
   */
  public static final String KEY_ROUTES_TO = "routes-to";

  public NetworkConfig {
    sockets = List.copyOf(sockets);
    sources = List.copyOf(sources);
    java.util.Objects.requireNonNull(security, "security");
  }

  /** The proxy's view of this network. */
  public Network toNetwork() {
    return new Network(name, sockets, media.name(), sources, gatewaySet, routesTo);
  }
}
