package io.isthmus.media.net;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A logical media interface in rtpengine's sense: a name the signalling selects with {@code
 * direction=[from, to]}, the local address relay sockets bind to, and the address written into SDP
 * for the party on that side (different from the local one only behind 1:1 NAT).
 *
 * <p>Configuration syntax (rtpengine's legacy {@code interface=} form, one entry): {@code
 * name/local[!advertised]}, e.g. {@code public/127.0.1.1} or {@code public/10.0.0.5!192.0.2.4}. A
 * bare {@code local[!advertised]} names the interface {@code default}, as rtpengine does. Addresses
 * must be IPv4 or IPv6 literals (IPv6 without brackets): host names and system interface names are
 * refused rather than resolved, so parsing never touches DNS.
 */
public record LogicalInterface(String name, InetAddress local, InetAddress advertised) {

  /** The name rtpengine gives an interface written without {@code name/}. */
  public static final String DEFAULT_NAME = "default";

  public LogicalInterface {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(advertised, "advertised");
  }

  /** An interface that advertises its local address. */
  public static LogicalInterface of(String name, InetAddress local) {
    return new LogicalInterface(name, local, local);
  }

  /**
   * Parses {@code name/local[!advertised]}.
   *
   * @throws InterfaceSpecException with the offset and reason when the spec is malformed
   */
  public static LogicalInterface parse(String spec) {
    return InterfaceSpecParser.parse(spec);
  }

  /** The spec this interface parses from: {@code name/local} or {@code name/local!advertised}. */
  public String toSpec() {
    String spec = name + "/" + local.getHostAddress();
    return advertised.equals(local) ? spec : spec + "!" + advertised.getHostAddress();
  }
}
