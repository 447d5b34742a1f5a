package io.isthmus.proxy.core;

import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.transaction.ClientTransaction;
import io.isthmus.proxy.transaction.Hop;
import io.isthmus.proxy.transaction.Transaction;
import io.isthmus.proxy.transaction.TransactionTransport;
import io.isthmus.proxy.transport.Destination;
import io.isthmus.proxy.transport.ResponseRouter;
import io.isthmus.proxy.transport.SipTransport;
import io.isthmus.proxy.transport.TransportErrorListener;
import io.isthmus.proxy.transport.UnroutableResponseException;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The transactions' {@link TransactionTransport} over the {@link SipTransport}: a hop's socket name
 * becomes the configured socket, a request goes to the hop's remote address, a response over UDP to
 * its Via (§18.2.2, RFC 3581) and over TCP back on the hop's connection. The transport reports send
 * failures per message to its {@link TransportErrorListener}; the bridge finds the failing
 * request's transaction by branch and method and calls the callback the transaction gave, so the
 * core fails over on a transport error like on a 503 (§17.1.4).
 */
final class TransportBridge implements TransactionTransport, TransportErrorListener {
  private final Map<String, Consumer<Throwable>> failures = new ConcurrentHashMap<>();
  private volatile SipTransport transport;
  private volatile LocalSockets sockets;
  private final SipCounters counters;
  private final CallTrace trace;

  TransportBridge(SipCounters counters, CallTrace trace) {
    this.counters = counters;
    this.trace = trace;
  }

  void attach(SipTransport transport, LocalSockets sockets) {
    this.transport = transport;
    this.sockets = sockets;
  }

  @Override
  public void send(SipMessage message, Hop hop, Consumer<Throwable> onFailure) {
    SocketSpec local = sockets.byName(hop.socket()).spec();
    Destination d = new Destination(local.transport(), hop.remote());
    if (message instanceof SipRequest request) {
      String key = key(request);
      if (key != null) {
        failures.put(key, onFailure);
      }
    } else if (!hop.reliable()) {
      try {
        d = ResponseRouter.destinationFor((SipResponse) message);
        if (d.transport() != local.transport()) {
          d = new Destination(local.transport(), d.address());
        }
      } catch (UnroutableResponseException e) {
        d = new Destination(local.transport(), hop.remote());
      }
    }
    if (message instanceof SipResponse response) {
      counters.responseSent(response.status());
    }
    if (trace.active()) {
      trace.message("out to", d.address(), message);
    }
    transport.send(message, local, d);
  }

  @Override
  public void onTransportError(
      SipMessage message, SocketSpec local, Destination destination, Throwable cause) {
    if (message instanceof SipRequest request) {
      String key = key(request);
      Consumer<Throwable> c = key == null ? null : failures.remove(key);
      if (c != null) {
        c.accept(cause);
      }
    }
  }

  /** Forgets the callback of a transaction that ended. */
  void forget(Transaction tx) {
    if (tx instanceof ClientTransaction c) {
      failures.remove(c.branch() + " " + c.request().method().name());
    }
  }

  private static String key(SipRequest request) {
    try {
      String branch = request.topVia().branch();
      return branch == null ? null : branch + " " + request.method().name();
    } catch (SipParseException e) {
      return null;
    }
  }

  int pending() {
    return failures.size();
  }
}
