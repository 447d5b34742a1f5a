package io.isthmus.proxy.core;

import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.transaction.Hop;
import io.isthmus.proxy.transaction.TransactionTransport;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.proxy.transport.ResponseRouter;
import io.isthmus.proxy.transport.SipTransport;
import io.isthmus.proxy.transport.UnroutableResponseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipResponse;
import java.util.function.Consumer;

/**
 * The transactions' {@link TransactionTransport} over the {@link SipTransport}: a hop's socket name
 * becomes the configured socket, a request goes to the hop's remote address, a response over UDP to
 * its Via (§18.2.2, RFC 3581) and over TCP back on the hop's connection.
 *
 * <p>A send failure reaches the sender through the callback given with that very send (§17.1.4: the
 * transaction fails over on it like on a 503); nothing is kept per message here, so nothing can
 * outlive the transaction that sent it.
 */
final class CoreTransport implements TransactionTransport {
  private final SipTransport transport;
  private final LocalSockets sockets;
  private final SipCounters counters;
  private final CallTrace trace;

  CoreTransport(
      SipTransport transport, LocalSockets sockets, SipCounters counters, CallTrace trace) {
    this.transport = transport;
    this.sockets = sockets;
    this.counters = counters;
    this.trace = trace;
  }

  @Override
  public void send(SipMessage message, Hop hop, Consumer<Throwable> onFailure) {
    SocketSpec local = sockets.byName(hop.socket()).spec();
    Destination d = new Destination(local.transport(), hop.remote());
    if (message instanceof SipResponse response) {
      counters.responseSent(response.status());
      if (!hop.reliable()) {
        d = viaDestination(response, local, d);
      }
    }
    if (trace.active()) {
      trace.message("out to", d.address(), message);
    }
    transport.send(message, local, d, onFailure);
  }

  /** Where a response over UDP goes: its top Via (received, rport), on the hop's transport. */
  private static Destination viaDestination(
      SipResponse response, SocketSpec local, Destination fallback) {
    try {
      Destination d = ResponseRouter.destinationFor(response);
      return d.transport() == local.transport()
          ? d
          : new Destination(local.transport(), d.address());
    } catch (UnroutableResponseException e) {
      return fallback;
    }
  }
}
