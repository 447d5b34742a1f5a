package io.isthmus.proxy.transaction;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One end of a hop: the local socket a message came in on or must leave from, the remote address,
 * and whether the transport is reliable (TCP, TLS) or not (UDP). Reliability decides the timers
 * (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2): no retransmission timers (A, E, G) and zero
 * wait timers (D, I, J, K) on a reliable transport.
 *
 * @param socket the name of the local socket, opaque to the transaction layer (the transport maps
 *     it to a channel)
 * @param remote the remote address; an IP literal, never a name to resolve
 * @param reliable true for TCP and TLS
 */
public record Hop(String socket, InetSocketAddress remote, boolean reliable) {
  public Hop {
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(remote, "remote");
  }
}
