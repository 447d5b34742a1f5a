package io.isthmus.proxy.media;

import java.util.List;
import java.util.Set;

/**
 * The media settings of one network (its {@code networks.NAME} keys), keyed in {@link
 * MediaSettings#networks} by the network's media interface: the name offers carry in {@code
 * direction}.
 *
 * <p>Which SDP carries which network's settings:
 *
 * <ul>
 *   <li>{@code relayFlags} and {@code mediaProtocol} go with SDP <em>sent to</em> the network's
 *       parties: an offer towards the network, and the answer back to an offerer on it. They say
 *       how the relay talks to this network, whoever is on the other side.
 *   <li>{@code sdpSourceOnly} goes with SDP <em>sent by</em> the network's parties (their offers
 *       and answers): it says where the relay accepts that party's media from.
 * </ul>
 *
 * @param flags words of the NG {@code flags} list added for this network (codec operations in
 *     rtpengine's {@code codec-strip-all} form)
 * @param replace entries added to the {@code replace} list
 * @param ice the {@code ICE} value for this network, "" to keep the default one
 * @param rtcpMux entries added to the {@code rtcp-mux} list
 * @param mediaProtocol the transport protocol the relay speaks to this network's parties ({@code
 *     RTP/AVP}, {@code RTP/SAVP}, ...), sent as {@code transport-protocol}; null: as the SDP says
 * @param sdpSourceOnly {@code accept-media-from: sdp}: this network's offers and answers carry the
 *     flag {@code sdp-source-only}
 */
public record NetworkMedia(
    List<String> flags,
    List<String> replace,
    String ice,
    List<String> rtcpMux,
    String mediaProtocol,
    boolean sdpSourceOnly) {

  /** Nothing of its own: the defaults, the protocol of the SDP, media from the learned source. */
  public static final NetworkMedia NONE =
      new NetworkMedia(List.of(), List.of(), "", List.of(), null, false);

  /** The SRTP profiles, which need SDES keys (RFC 4568); the others carry plain RTP. */
  private static final Set<String> SECURE = Set.of("RTP/SAVP", "RTP/SAVPF");

  public NetworkMedia {
    flags = List.copyOf(flags);
    replace = List.copyOf(replace);
    rtcpMux = List.copyOf(rtcpMux);
    java.util.Objects.requireNonNull(ice, "ice (use \"\" for the default)");
  }

  /** These settings with {@code accept-media-from: sdp} on or off. */
  public NetworkMedia withSdpSourceOnly(boolean on) {
    return new NetworkMedia(flags, replace, ice, rtcpMux, mediaProtocol, on);
  }

  /** Whether {@code profile} (an m= line's) carries SRTP. */
  static boolean secure(String profile) {
    return SECURE.contains(profile);
  }
}
