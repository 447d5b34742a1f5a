package io.isthmus.proxy.dispatcher;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code socket=} attribute of a gateway (not one of our bound sockets, {@link
 * io.isthmus.proxy.network.SocketSpec}: a name, or a protocol we may not serve): the local socket
 * to send calls and keepalives from, written {@code proto:host[:port]} (e.g. {@code
 * udp:127.0.2.1:5060}). On a proxy with a public and a private network this is what makes each
 * gateway reached through the right interface.
 *
 * @param proto transport in lower case (udp, tcp, tls, sctp, ws, wss)
 * @param host IP address or host name; an IPv6 address keeps its brackets
 * @param port the port, or -1 when not given
 */
public record GatewaySocket(String proto, String host, int port) {
  private static final Set<String> PROTOCOLS = Set.of("udp", "tcp", "tls", "sctp", "ws", "wss");

  /** Parses {@code proto:host[:port]}. */
  static GatewaySocket parse(String text) throws InvalidFieldException {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw invalid(text, "is not proto:host[:port]");
    }
    String proto = text.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!PROTOCOLS.contains(proto)) {
      throw invalid(text, "has an unknown protocol '" + proto + "'");
    }
    String rest = text.substring(colon + 1);
    String host;
    String portText = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw invalid(text, "has an unclosed IPv6 reference");
      }
      host = rest.substring(0, close + 1);
      if (close + 1 < rest.length()) {
        if (rest.charAt(close + 1) != ':') {
          throw invalid(text, "has junk after the IPv6 reference");
        }
        portText = rest.substring(close + 2);
      }
    } else {
      int c = rest.indexOf(':');
      host = c < 0 ? rest : rest.substring(0, c);
      portText = c < 0 ? null : rest.substring(c + 1);
    }
    if (host.isEmpty() || host.equals("[]")) {
      throw invalid(text, "has no host");
    }
    int port = -1;
    if (portText != null) {
      port = Numbers.parsePort(portText);
      if (port < 0) {
        throw invalid(text, "has an invalid port '" + portText + "'");
      }
    }
    return new GatewaySocket(proto, host, port);
  }

  private static InvalidFieldException invalid(String text, String reason) {
    return new InvalidFieldException("socket", "socket '" + text + "' " + reason);
  }

  @Override
  public String toString() {
    return proto + ":" + host + (port >= 0 ? ":" + port : "");
  }
}
