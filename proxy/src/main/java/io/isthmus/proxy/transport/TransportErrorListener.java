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
}
