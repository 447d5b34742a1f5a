package io.isthmus.media.net;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * One relay socket as the media path sees it: bound to a relay port, optionally connected to one
 * party. Used by its owning event loop only. {@link DatagramTransport} opens them: its own epoll
 * sockets ({@link UdpSocket}) where it can, Netty NIO channels elsewhere.
 *
 * <p>Ownership: a successful send consumes the caller's reference to the buffer; a refused one
 * ({@code false}) leaves it to the caller to release.
 */
public interface DatagramPort {

  /** Sends to the connected party; false (buffer not consumed) when the socket cannot send now. */
  boolean send(ByteBuf buf);

  /** Sends to {@code recipient}; false (buffer not consumed) when the socket cannot send now. */
  boolean sendTo(ByteBuf buf, InetSocketAddress recipient);

  /** Pushes out what {@link #send} queued (a no-op where sends are immediate). */
  void flush();

  /** The event loop the socket is registered on (its owner). */
  io.netty.channel.EventLoop eventLoop();

  /** The bound address. */
  InetSocketAddress localAddress();

  /** Closes the socket. Idempotent. */
  void close();

  /**
   * What a relay socket delivers to its owner, on the owning loop. {@code datagram} takes ownership
   * of {@code buf} and must release it (or hand it to a send) before it returns or later; {@code
   * sender} is the party's address (for a connected socket, the address it is connected to).
   */
  interface Receiver {
    void datagram(ByteBuf buf, InetSocketAddress sender);

    /** The end of a burst of reads. */
    void readComplete();

    /** A datagram that filled the receive buffer: the kernel cut it short, it was dropped. */
    void truncated();

    /** A socket error other than "port unreachable" (which a connected socket hears). */
    void error(Throwable cause);
  }
}
