package io.isthmus.proxy.transport;

import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.sip.message.SipMessage;

/**
 * Told when a message could not be sent (connect refused or timed out, connection reset, socket
 * error), so that the transaction layer can report it to the core, which fails over (RFC 3261
 * §17.1.4: a transport error is treated like a 503 from the target).
 *
 * <p>Runs on the event loop that owns the message's Call-ID.
 */
@FunctionalInterface
public interface TransportErrorListener {

  void onTransportError(
      SipMessage message, SocketSpec local, Destination destination, Throwable cause);

  /**
   * A destination proved unreachable apart from any one message: an ICMP port unreachable read on
   * the UDP socket connected to a watched destination, or an outbound TCP connection refused or
   * reset. Every request to it still waiting for its first response will get none. Runs on the
   * event loop that saw the error, which need not own the calls concerned.
   */
  default void onUnreachable(SocketSpec local, Destination destination, Throwable cause) {}
}
