package io.isthmus.proxy.media;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The NG options the proxy adds to every offer and answer, with Kamailio's conventions for a
 * dual-interface relay (kamailio.md b.6) as defaults, and the settings of each network.
 *
 * @param flags words of the {@code flags} list. Default {@code [trust-address]}: the SDP addresses
 *     are the endpoints (no NAT in this deployment), not the SIP source
 * @param replace the {@code replace} list. Default {@code [origin]}: the o= line carries the
 *     relay's address, so a party never sees the other network's address (the stock Kamailio
 *     config's {@code replace-origin})
 * @param ice the {@code ICE} key. Default {@code remove}: candidates of one network are useless on
 *     the other, so they are stripped
 * @param rtcpMux the {@code rtcp-mux} list; default empty: follow the offerer (rtpengine's default)
 * @param sendReceivedFrom whether offers carry {@code received-from} (Kamailio always sends it)
 * @param networks the settings of each network by its media interface name ({@link NetworkMedia});
 *     an interface not listed has {@link NetworkMedia#NONE}
 */
public record MediaSettings(
    List<String> flags,
    List<String> replace,
    String ice,
    List<String> rtcpMux,
    boolean sendReceivedFrom,
    Map<String, NetworkMedia> networks) {

  /** The defaults described above. */
  public static final MediaSettings DEFAULTS =
      new MediaSettings(List.of("trust-address"), List.of("origin"), "remove", List.of(), true);

  /** No settings of any network's own. */
  public MediaSettings(
      List<String> flags,
      List<String> replace,
      String ice,
      List<String> rtcpMux,
      boolean sendReceivedFrom) {
    this(flags, replace, ice, rtcpMux, sendReceivedFrom, Map.of());
  }

  /** These settings, with {@code networks} as the networks' own. */
  public MediaSettings withNetworks(Map<String, NetworkMedia> networks) {
    return new MediaSettings(flags, replace, ice, rtcpMux, sendReceivedFrom, networks);
  }

  /** The settings of the network whose media interface is {@code mediaInterface}. */
  public NetworkMedia network(String mediaInterface) {
    NetworkMedia n = mediaInterface == null ? null : networks.get(mediaInterface);
    return n == null ? NetworkMedia.NONE : n;
  }

  public MediaSettings {
    networks = Map.copyOf(networks);
    flags = List.copyOf(flags);
    replace = List.copyOf(replace);
    rtcpMux = List.copyOf(rtcpMux);
    Objects.requireNonNull(ice, "ice (use \"\" for none)");
  }
}
