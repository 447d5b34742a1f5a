package io.isthmus.proxy.transport;

import io.isthmus.proxy.flood.FloodGuard;
import io.isthmus.proxy.network.Classification;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.SourceClassifier;
import io.isthmus.proxy.network.Transport;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipLimits;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipParser;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to every received message, UDP or TCP, on the loop that read it:
 *
 * <ol>
 *   <li>classify the source (allowed on the socket's network or not);
 *   <li>parse (datagrams; TCP arrives parsed by the stream decoder) and check the two headers the
 *       transport needs: the top Via (to answer) and the Call-ID (to find the owning loop). A
 *       broken request is answered 400 (505, 513) from an allowed source; a broken response or ACK,
 *       or anything broken from a refused source, is dropped;
 *   <li>stamp received/rport on a request's top Via ({@link ViaStamper});
 *   <li>answer a request from a refused source 403 (an ACK is dropped; so is a response);
 *   <li>hand the message to {@link LoopGroup#loopFor(String)} of its Call-ID: called inline when
 *       this loop owns it, else through one {@code execute}. This is the only loop hop a message
 *       takes.
 * </ol>
 *
 * Transport-generated answers go back along the flow (the packet's source address and port, or the
 * connection): the Via of a broken or refused request is not trusted to route them.
 */
final class Ingress {
  private static final Logger LOG = LoggerFactory.getLogger(Ingress.class);

  private final SipTransport transport;
  private final SourceClassifier classifier;
  private final LoopGroup loops;
  private final InboundHandler handler;
  private final TransportCounters counters;
  private final SipLimits limits;
  private FloodGuard flood; // null: no flood protection

  Ingress(
      SipTransport transport,
      SourceClassifier classifier,
      LoopGroup loops,
      InboundHandler handler,
      TransportCounters counters,
      SipLimits limits) {
    this.transport = transport;
    this.classifier = classifier;
    this.loops = loops;
    this.handler = handler;
    this.counters = counters;
    this.limits = limits;
  }

  /** Puts every packet and connection through {@code guard} (set once, before binding). */
  void flood(FloodGuard guard) {
    this.flood = guard;
  }

  /** Whether a new connection from {@code flow}'s source may stay open (flood protection). */
  FloodGuard.Admission connectionOpened(Network network, java.net.InetSocketAddress remote) {
    return flood == null
        ? FloodGuard.Admission.UNCOUNTED
        : flood.connectionOpened(network.name(), remote.getAddress());
  }

  void connectionClosed(java.net.InetSocketAddress remote) {
    if (flood != null) {
      flood.connectionClosed(remote.getAddress());
    }
  }

  Classification classify(Flow flow) {
    return classifier.classify(flow.network(), flow.remote().getAddress());
  }

  /** One datagram, copied into {@code buf}, from {@code flow}. */
  void datagram(byte[] buf, int off, int len, Flow flow) {
    FloodGuard.Verdict v = screen(flow);
    if (v == FloodGuard.Verdict.DROP) {
      return; // before parsing: a flood costs one table look-up per packet
    }
    Classification c = classify(flow);
    SipMessage message;
    try {
      message = SipParser.parseDatagram(buf, off, len, limits);
    } catch (SipParseException e) {
      if (v == FloodGuard.Verdict.PASS) {
        unparsable(buf, off, len, e, flow, c);
      }
      return;
    }
    if (v == FloodGuard.Verdict.REJECT) {
      refuseBlocked(message, flow);
      return;
    }
    dispatch(message, flow, c);
  }

  /** The flood guard's verdict on one packet or framed message of {@code flow}'s source. */
  private FloodGuard.Verdict screen(Flow flow) {
    return flood == null
        ? FloodGuard.Verdict.PASS
        : flood.packet(flow.network().name(), flow.remote().getAddress());
  }

  /** A blocked source's request answered 503 (the network asked for answers, not silence). */
  private void refuseBlocked(SipMessage message, Flow flow) {
    if (message instanceof SipRequest r && !r.method().equals(Method.ACK)) {
      answer(r, 503, "source blocked: request rate over the limit", flow);
    }
  }

  /**
   * Bytes that could not be framed or parsed: answered when they are a request from an allowed
   * source and a response can be assembled, else dropped.
   *
   * @return true when an answer was sent
   */
  boolean unparsable(
      byte[] buf, int off, int len, SipParseException e, Flow flow, Classification c) {
    if (c instanceof Classification.Accepted) {
      byte[] answer =
          RawBadRequest.answer(
              buf,
              off,
              len,
              StatelessResponses.statusFor(e),
              StatelessResponses.warning(transport.agent(flow.local()), e.getMessage()));
      if (answer != null) {
        counters.malformedAnswered.increment();
        transport.reply(flow, answer);
        return true;
      }
    }
    LOG.debug("dropped unparsable message from {}: {}", flow.remote(), e.getMessage());
    counters.malformedDropped.increment();
    return false;
  }

  /**
   * A message framed on a connection from {@code flow}, whose source classified as {@code c}:
   * screened by the flood guard, then dispatched.
   */
  void deliver(SipMessage message, Flow flow, Classification c) {
    FloodGuard.Verdict v = screen(flow);
    if (v == FloodGuard.Verdict.DROP) {
      return;
    }
    if (v == FloodGuard.Verdict.REJECT) {
      refuseBlocked(message, flow);
      return;
    }
    dispatch(message, flow, c);
  }

  private void dispatch(SipMessage message, Flow flow, Classification c) {
    SipTap tap = transport.tap();
    if (tap != null) {
      tap.received(message, flow, local(flow));
    }
    switch (message) {
      case SipRequest request -> request(request, flow, c);
      case SipResponse response -> response(response, flow, c);
    }
  }

  private InetSocketAddress local(Flow flow) {
    return flow.connection() != null
        ? flow.connection().localAddress()
        : transport.localAddress(flow.local());
  }

  private void request(SipRequest request, Flow flow, Classification c) {
    boolean ack = request.method().equals(Method.ACK);
    SipRequest stamped;
    String callId;
    try {
      stamped = ViaStamper.stamp(request, flow.remote().getAddress(), flow.remote().getPort());
      callId = stamped.callId();
    } catch (SipParseException e) {
      if (ack || !(c instanceof Classification.Accepted)) {
        counters.malformedDropped.increment();
        return;
      }
      counters.malformedAnswered.increment();
      answer(request, StatelessResponses.statusFor(e), e.getMessage(), flow);
      return;
    }
    if (c instanceof Classification.Rejected rejected) {
      if (ack) {
        counters.sourceDropped.increment();
      } else {
        counters.sourceRejected.increment();
        answer(stamped, 403, rejected.explanation(flow.network()), flow);
      }
      return;
    }
    if (flood != null && scanner(stamped, flow)) {
      return;
    }
    if (flow.connection() != null && flow.transport() == Transport.TLS) {
      try {
        transport.alias(flow, stamped.topVia());
      } catch (SipParseException e) {
        // the stamp parsed the top Via: cannot happen
      }
    }
    counters.requestsReceived.increment();
    EventLoop owner = loops.loopFor(callId);
    if (owner.inEventLoop()) {
      handle(stamped, flow, ack);
    } else {
      owner.execute(() -> handle(stamped, flow, ack));
    }
  }

  /** True when the request's User-Agent names a scanner: refused, its source blocked. */
  private boolean scanner(SipRequest request, Flow flow) {
    String ua = request.headerValue(HeaderName.USER_AGENT).orElse(null);
    if (ua == null) {
      return false;
    }
    FloodGuard.Verdict v = flood.userAgent(flow.network().name(), flow.remote().getAddress(), ua);
    if (v == FloodGuard.Verdict.PASS) {
      return false;
    }
    if (v == FloodGuard.Verdict.REJECT) {
      refuseBlocked(request, flow);
    }
    return true;
  }

  /**
   * The core's work on a request. A failure inside it is a bug, but the caller must not be left
   * waiting for a retransmission that fails the same way: 500 (RFC 3261 §16.7 step 6 leaves the
   * status to us, §8.2 says a server that cannot process answers), counted, logged with the cause.
   */
  private void handle(SipRequest request, Flow flow, boolean ack) {
    try {
      handler.onRequest(request, flow);
    } catch (RuntimeException e) {
      counters.internalErrors.increment();
      LOG.warn("request from {} failed inside the proxy", flow.remote(), e);
      if (!ack) {
        answer(request, 500, "internal error: " + e, flow);
      }
    }
  }

  private void response(SipResponse response, Flow flow, Classification c) {
    if (!(c instanceof Classification.Accepted)) {
      counters.sourceDropped.increment();
      return;
    }
    String callId;
    try {
      response.topVia();
      callId = response.callId();
    } catch (SipParseException e) {
      LOG.debug("dropped response from {}: {}", flow.remote(), e.getMessage());
      counters.malformedDropped.increment();
      return;
    }
    counters.responsesReceived.increment();
    EventLoop owner = loops.loopFor(callId);
    if (owner.inEventLoop()) {
      handle(response, flow);
    } else {
      owner.execute(() -> handle(response, flow));
    }
  }

  /**
   * The core's work on a response; a failure inside it is counted and logged (no one to answer).
   */
  private void handle(SipResponse response, Flow flow) {
    try {
      handler.onResponse(response, flow);
    } catch (RuntimeException e) {
      counters.internalErrors.increment();
      LOG.warn("response from {} failed inside the proxy", flow.remote(), e);
    }
  }

  private void answer(SipRequest request, int status, String text, Flow flow) {
    SipResponse response;
    try {
      response = StatelessResponses.answer(request, status, transport.agent(flow.local()), text);
    } catch (RuntimeException e) {
      // a request whose echoed lines cannot form a response: nobody to answer
      LOG.debug("cannot answer {} from {}: {}", status, flow.remote(), e.toString());
      return;
    }
    transport.reply(flow, response.toBytes());
  }
}
