package io.isthmus.media.relay.stats;

import java.net.InetSocketAddress;

/**
 * Counters of one relay socket (rtpengine's packet stream), as of a snapshot. Ingress counts: what
 * the party on this side sent to the relay.
 *
 * @param localPort the relay port advertised to the party
 * @param open whether the socket is open (an RTCP socket closes when rtcp-mux is agreed)
 * @param expected the party's address from SDP, or null before it was signalled
 * @param endpoint where the relay sends to this party now: the learned source, else {@code
 *     expected}; null when neither is known
 * @param locked whether the learning window has closed on a learned source
 * @param packets packets accepted from the party
 * @param bytes UDP payload bytes accepted
 * @param errors packets dropped for any reason (from a stranger, no destination, malformed)
 * @param strangerDrops of {@code errors}: packets from a source other than the locked one
 * @param oversizedDrops of {@code errors}: datagrams too large to relay whole (one that filled the
 *     65,536-byte receive buffer, or one that would exceed the UDP maximum out of the peer's
 *     socket, e.g. once SRTP adds its tag); never forwarded in part
 * @param lastPacketNanos clock time of the last accepted packet (stream creation if none)
 * @param ssrc the SSRC of the last accepted RTP packet (on an RTCP socket: the sender SSRC of the
 *     last RTCP packet), -1 before any
 * @param payloadType the RTP payload type with the most accepted packets, -1 before any (counted
 *     for the first four payload types a stream carries)
 */
public record StreamStats(
    int localPort,
    boolean open,
    InetSocketAddress expected,
    InetSocketAddress endpoint,
    boolean locked,
    long packets,
    long bytes,
    long errors,
    long strangerDrops,
    long oversizedDrops,
    long lastPacketNanos,
    long ssrc,
    int payloadType) {}
