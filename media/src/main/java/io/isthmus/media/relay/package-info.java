/**
 * The one model of a call, in rtpengine's vocabulary, and its packet path: {@link
 * io.isthmus.media.relay.MediaRelay} holds the Call-ID table of {@link
 * io.isthmus.media.relay.Call}s, a call holds {@link io.isthmus.media.relay.Monologue}s (parties,
 * by tag, with their dialogues as {@link io.isthmus.media.relay.MediaSlot}s), a monologue holds
 * {@link io.isthmus.media.relay.MediaStream}s (m-lines), and a media stream holds two {@link
 * io.isthmus.media.relay.PacketStream}s (RTP and RTCP sockets). The NG layer ({@code
 * media.control}) drives these objects directly, on the call's event loop.
 */
package io.isthmus.media.relay;
