package io.isthmus.media.ice;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ICE lines the relay writes for one media section (RFC 8839 §5): its credentials and one host
 * candidate per relay port, in rtpengine 10.5's order ({@code a=ice-ufrag}, {@code a=ice-pwd},
 * {@code a=ice-options:trickle} when trickling, the candidates, {@code a=end-of-candidates} when
 * trickling). Candidate priorities as RFC 8445 §5.1.2.1 recommends for host candidates (type
 * preference 126, local preference 65535), as rtpengine writes them; one foundation per logical
 * interface, random for the life of the process.
 */
public final class IceCandidates {
  private IceCandidates() {}

  private static final Map<String, String> FOUNDATIONS = new ConcurrentHashMap<>();

  /** The session-level attribute of a lite agent (RFC 8839 §5.3). */
  public static final String ICE_LITE = "a=ice-lite";

  /** Host candidate priority of {@code component} (1 RTP, 2 RTCP). */
  public static long priority(int component) {
    return (126L << 24) | (65535L << 8) | (256 - component);
  }

  /** The foundation of the relay's candidates on interface {@code iface}. */
  public static String foundation(String iface) {
    return FOUNDATIONS.computeIfAbsent(iface, k -> IceCredentials.chars(16));
  }

  /**
   * The lines of one media section.
   *
   * @param rtcpPort the RTCP candidate's port, 0 for none (rtcp-mux: one component)
   */
  public static List<String> mediaLines(
      IceCredentials local,
      String iface,
      InetAddress address,
      int rtpPort,
      int rtcpPort,
      boolean trickle) {
    List<String> out = new ArrayList<>(7);
    out.add("a=ice-ufrag:" + local.ufrag());
    out.add("a=ice-pwd:" + local.pwd());
    if (trickle) {
      out.add("a=ice-options:trickle");
    }
    String foundation = foundation(iface);
    String host = address.getHostAddress();
    out.add(candidate(foundation, 1, host, rtpPort));
    if (rtcpPort > 0) {
      out.add(candidate(foundation, 2, host, rtcpPort));
    }
    if (trickle) {
      out.add("a=end-of-candidates");
    }
    return out;
  }

  private static String candidate(String foundation, int component, String host, int port) {
    return "a=candidate:"
        + foundation
        + " "
        + component
        + " UDP "
        + priority(component)
        + " "
        + host
        + " "
        + port
        + " typ host";
  }
}
