package io.isthmus.proxy.network;

import io.isthmus.sip.uri.IpLiterals;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One SIP socket of a network as configured: transport, local address and port. Port 0 asks the
 * kernel for a free port (tests); the transport layer reports the port it got.
 *
 * @param transport UDP or TCP
 * @param address the local IP address (a literal from configuration; never a name)
 * @param port 0..65535
 */
public record SocketSpec(Transport transport, InetAddress address, int port) {

  public SocketSpec {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(address, "address");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
  }

  /** A socket on an address literal; the text is parsed strictly, never resolved. */
  public static SocketSpec of(Transport transport, String address, int port) {
    return new SocketSpec(transport, IpLiterals.parse(address), port);
  }

  /** The address and port to bind. */
  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(address, port);
  }

  /** {@code udp:127.0.1.1:5060}, {@code tcp:[2001:db8::1]:5060}. */
  @Override
  public String toString() {
    String host = IpLiterals.format(address);
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return transport.name().toLowerCase(java.util.Locale.ROOT) + ":" + host + ":" + port;
  }
}
