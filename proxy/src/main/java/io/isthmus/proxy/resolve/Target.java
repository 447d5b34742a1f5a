package io.isthmus.proxy.resolve;

import io.isthmus.proxy.network.Transport;
import java.net.InetSocketAddress;

/**
 * One place a SIP URI resolved to (RFC 3263 §4): the transport, the address and port, and how it
 * was found, for logs and {@code isthmus check}.
 *
 * @param transport UDP or TCP
 * @param address the IP address and port to send to
 * @param via the records that led here, e.g. {@code NAPTR gw.example -> SRV _sip._udp.gw.example
 *     (priority 10, weight 60) -> A gw1.example}
 */
public record Target(Transport transport, InetSocketAddress address, String via) {

  @Override
  public String toString() {
    return transport.name().toLowerCase(java.util.Locale.ROOT)
        + ":"
        + address.getAddress().getHostAddress()
        + ":"
        + address.getPort()
        + " ("
        + via
        + ")";
  }
}
