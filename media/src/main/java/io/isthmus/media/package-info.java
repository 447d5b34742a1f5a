/**
 * The relay engine of Isthmus: the media half of an rtpengine replacement, independent of
 * signalling. Time comes from {@code io.isthmus.common.time} (injected clock and scheduler). Entry
 * point: {@link io.isthmus.media.relay.MediaRelay}.
 *
 * <ul>
 *   <li>{@code net}: logical interfaces, port pools, the epoll/NIO datagram transport
 *   <li>{@code rtp}: RTP/RTCP header accessors
 *   <li>{@code codec}: G.711 and PCMU/PCMA transcoding
 *   <li>{@code relay}: calls, monologues, media streams, forwarding, latching, timeouts, stats
 * </ul>
 */
package io.isthmus.media;
