/**
 * SIP transports over Netty (RFC 3261 §18): UDP sockets bound once per event loop with
 * SO_REUSEPORT, TCP with Content-Length framing and a connection table, Via received/rport stamping
 * (RFC 3261 §18.2.1, RFC 3581), response routing by Via (§18.2.2), stateless 400/403 answers, and
 * the single hand-over of each message to the event loop that owns its Call-ID.
 *
 * <p>The path of a received message: socket -> {@code UdpReceiver}/{@code TcpReceiver} (bytes to a
 * parsed message on the receiving loop) -> {@link io.isthmus.proxy.transport.Ingress} (answer or
 * drop malformed, stamp Via, classify the source) -> hand-over to {@code loopFor(Call-ID)} ->
 * {@link io.isthmus.proxy.transport.InboundHandler}. No name is ever resolved: DNS is out of scope.
 */
package io.isthmus.proxy.transport;
