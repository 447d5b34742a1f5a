package io.isthmus.proxy.transaction;

import io.isthmus.sip.message.SipMessage;
import java.util.function.Consumer;

/**
 * What transactions send through (RFC 3261 §18): the transport layer below them. Implemented by the
 * proxy's UDP/TCP transports; transactions never touch a socket themselves.
 */
@FunctionalInterface
public interface TransactionTransport {

  /**
   * Sends {@code message} over {@code hop} (out of {@code hop.socket()} to {@code hop.remote()}).
   * Never blocks. When the send fails (no connection, ICMP unreachable, a full TCP buffer closed)
   * the transport calls {@code onFailure} once, on the owning event loop, possibly before
   * returning; the transaction handles it later on that loop (RFC 3261 §17.1.4, §17.2.4).
   *
   * <p>A request is sent to {@code hop.remote()}; a response goes back to the hop its request came
   * from, which the transport may refine by the Via rules of §18.2.2 and RFC 3581.
   */
  void send(SipMessage message, Hop hop, Consumer<Throwable> onFailure);
}
