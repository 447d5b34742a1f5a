package io.isthmus.proxy.media;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The NG options the proxy adds to every offer and answer, with Kamailio's conventions for a
 * dual-interface relay (kamailio.md b.6) as defaults.
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
 * @param sdpSourceOnly the media interfaces (networks' {@code accept-media-from: sdp}) whose
 *     parties' offers and answers carry the flag {@code sdp-source-only}: the relay accepts their
 *     media only from the SDP address and port, during learning too
 */
public record MediaSettings(
    List<String> flags,
    List<String> replace,
    String ice,
    List<String> rtcpMux,
    boolean sendReceivedFrom,
    Set<String> sdpSourceOnly) {

  /** The defaults described above. */
  public static final MediaSettings DEFAULTS =
      new MediaSettings(List.of("trust-address"), List.of("origin"), "remove", List.of(), true);

  /** No interface held to its SDP source. */
  public MediaSettings(
      List<String> flags,
      List<String> replace,
      String ice,
      List<String> rtcpMux,
      boolean sendReceivedFrom) {
    this(flags, replace, ice, rtcpMux, sendReceivedFrom, Set.of());
  }

  /** These settings, with the parties on {@code interfaces} held to their SDP source. */
  public MediaSettings withSdpSourceOnly(Set<String> interfaces) {
    return new MediaSettings(flags, replace, ice, rtcpMux, sendReceivedFrom, interfaces);
  }

  public MediaSettings {
    sdpSourceOnly = Set.copyOf(sdpSourceOnly);
    flags = List.copyOf(flags);
    replace = List.copyOf(replace);
    rtcpMux = List.copyOf(rtcpMux);
    Objects.requireNonNull(ice, "ice (use \"\" for none)");
  }
}
