package io.isthmus.proxy.network;

import java.util.Locale;

/** A SIP transport (RFC 3261 §18, §26: TLS over TCP); SCTP and WebSocket are not supported yet. */
public enum Transport {
  UDP(false),
  TCP(true),
  TLS(true);

  /** RFC 3261 §19.1.2: the default port for sip: URIs over UDP and TCP. */
  public static final int DEFAULT_PORT = 5060;

  /** RFC 3261 §19.1.2: the default port for sips: URIs and TLS. */
  public static final int DEFAULT_TLS_PORT = 5061;

  private final boolean reliable;

  Transport(boolean reliable) {
    this.reliable = reliable;
  }

  /** True for connection-oriented transports: responses go back on the request's connection. */
  public boolean reliable() {
    return reliable;
  }

  /** The port a URI or Via sent-by of this transport means when it has none. */
  public int defaultPort() {
    return this == TLS ? DEFAULT_TLS_PORT : DEFAULT_PORT;
  }

  /** The token written in a Via sent-protocol ({@code SIP/2.0/UDP}). */
  public String viaName() {
    return name();
  }

  /**
   * The transport named by a Via sent-protocol or a {@code transport=} URI parameter, ignoring case
   * (RFC 3261 §7.3.1: the transport token is case-insensitive).
   *
   * @throws IllegalArgumentException when the transport is unknown or not supported
   */
  public static Transport fromViaName(String token) {
    return switch (token.toUpperCase(Locale.ROOT)) {
      case "UDP" -> UDP;
      case "TCP" -> TCP;
      case "TLS" -> TLS;
      default -> throw new IllegalArgumentException("unsupported transport: " + token);
    };
  }
}
