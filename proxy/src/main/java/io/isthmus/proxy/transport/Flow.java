package io.isthmus.proxy.transport;

import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Transport;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/**
 * Where a message came from: the local socket (and so the network) it arrived on, the remote
 * address and port of the packet or connection, the TCP connection (null for UDP), and the loop
 * that read it. Responses to a request are sent back along its flow ({@link
 * SipTransport#respond(Flow, io.isthmus.sip.message.SipResponse)}).
 *
 * @param local the configured socket that received the message
 * @param network the network of that socket, which the source was classified into
 * @param remote the source address and port of the datagram or connection
 * @param connection the TCP connection, or null for UDP
 * @param arrivalLoop the loop that read the bytes (not necessarily the call's owner)
 */
public record Flow(
    SocketSpec local,
    Network network,
    InetSocketAddress remote,
    SipConnection connection,
    EventLoop arrivalLoop) {

  /** The transport of the local socket. */
  public Transport transport() {
    return local.transport();
  }

  @Override
  public String toString() {
    return local + " <- " + remote + " (" + network.name() + ")";
  }
}
