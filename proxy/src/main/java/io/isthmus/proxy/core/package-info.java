/**
 * The proxy core (RFC 3261 §16) on top of the transaction layer: request validation (§16.3), Route
 * processing and loose routing (§16.4, §16.12), Record-Route on both sockets when a request crosses
 * networks (RFC 5658 double record-routing), Via and branch (§16.6), response relay (§16.7), CANCEL
 * (§16.10), serial failover over the dispatcher's gateways, and the media-control calls of each
 * step.
 *
 * <p>One {@link io.isthmus.proxy.core.ProxyCore} per event loop owns the calls whose Call-ID maps
 * to that loop, with their transactions and timers; {@link io.isthmus.proxy.core.Proxy} wires the
 * cores to the SIP transport.
 */
package io.isthmus.proxy.core;
