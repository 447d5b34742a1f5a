package io.isthmus.proxy.transport;

import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;

/**
 * What the transport layer hands received messages to (the transaction layer / proxy core).
 *
 * <p>Both methods run on the event loop that owns the message's Call-ID ({@link
 * LoopGroup#loopFor(String)}): a message read on another loop is handed over exactly once, by the
 * transport, before this call; nothing downstream hops loops again. The message has passed the
 * transport's checks: it parsed, its top Via and Call-ID are valid, its source is allowed on the
 * socket's network, and a request's top Via carries received/rport as RFC 3261 §18.2.1 and RFC 3581
 * ask.
 */
public interface InboundHandler {

  /** A request from {@code flow}. */
  void onRequest(SipRequest request, Flow flow);

  /** A response from {@code flow}; its top Via should be this proxy's own. */
  void onResponse(SipResponse response, Flow flow);
}
