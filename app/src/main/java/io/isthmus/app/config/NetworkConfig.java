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
 * @param mediaProtocol {@code media-protocol}: the transport protocol the relay speaks to this
 *     network's parties (offers to them carry it as {@code transport-protocol}, answers back to
 *     them too); empty: a transport protocol in {@code relay-flags}, else in {@code
 *     relay.default-flags}, else the SDP's own
 * @param relayFlags {@code relay-flags}: rtpengine_manage() words, as written, added to the default
 *     flags for SDP sent to this network's parties ({@link MediaFlags})
 */
public record NetworkConfig(
    String name,
    List<SocketSpec> sockets,
    LogicalInterface media,
    List<Subnet> sources,
    int gatewaySet,
    Optional<String> routesTo,
    NetworkSecurity security,
    Optional<String> mediaProtocol,
    List<String> relayFlags) {

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

  /**
   * Key of the transport protocol towards this network (optional: absent, the SDP's protocol goes
   * on unchanged, as rtpengine does).
   */
  public static final String KEY_MEDIA_PROTOCOL = "media-protocol";

  /** Key of the network's own flags (optional: the default flags alone). */
  public static final String KEY_RELAY_FLAGS = "relay-flags";

  public NetworkConfig {
    sockets = List.copyOf(sockets);
    sources = List.copyOf(sources);
    java.util.Objects.requireNonNull(security, "security");
    java.util.Objects.requireNonNull(mediaProtocol, "mediaProtocol");
    relayFlags = List.copyOf(relayFlags);
  }

  /** A network with no media settings of its own. */
  public NetworkConfig(
      String name,
      List<SocketSpec> sockets,
      LogicalInterface media,
      List<Subnet> sources,
      int gatewaySet,
      Optional<String> routesTo,
      NetworkSecurity security) {
    this(
        name, sockets, media, sources, gatewaySet, routesTo, security, Optional.empty(), List.of());
  }

  /**
   * The relay's settings for this network's parties: {@code relay-flags}, the transport protocol
   * ({@code media-protocol}, else the one in {@code relay-flags}, else {@code defaultProtocol}),
   * and {@code accept-media-from}.
   *
   * @param defaultProtocol the transport protocol of {@code relay.default-flags}, or null
   */
  public io.isthmus.proxy.media.NetworkMedia networkMedia(String defaultProtocol) {
    MediaFlags f = MediaFlags.parse(relayFlags, new java.util.ArrayList<>()); // checked at load
    String protocol =
        mediaProtocol.orElse(
            f.transportProtocol() != null ? f.transportProtocol() : defaultProtocol);
    return new io.isthmus.proxy.media.NetworkMedia(
        f.flags(), f.replace(), f.ice(), f.rtcpMux(), protocol, security.mediaFromSdpOnly());
  }

  /** The proxy's view of this network. */
  public Network toNetwork() {
    return new Network(name, sockets, media.name(), sources, gatewaySet, routesTo);
  }
}
