/**
 * The relay's media model in rtpengine's vocabulary and its packet path: {@link
 * io.isthmus.media.relay.MediaRelay} holds {@link io.isthmus.media.relay.Call}s, a call holds
 * {@link io.isthmus.media.relay.Monologue}s (parties, by tag), a monologue holds {@link
 * io.isthmus.media.relay.MediaStream}s (m-lines), and a media stream holds two {@link
 * io.isthmus.media.relay.PacketStream}s (RTP and RTCP sockets).
 */
package io.isthmus.media.relay;
