package io.isthmus.media.relay.stats;

/**
 * One media stream (m-line of one party) in a snapshot.
 *
 * @param index 1-based m-line index, as rtpengine numbers medias
 * @param type media type from SDP ("audio", "video", ...)
 * @param interfaceName the logical interface facing the party
 * @param rtcpMux whether RTCP shares the RTP port
 * @param rtp the RTP socket's counters (RTCP too when muxed)
 * @param rtcp the RTCP socket's counters
 * @param reports the party's latest RTCP reception report
 */
public record MediaStats(
    int index,
    String type,
    String interfaceName,
    boolean rtcpMux,
    StreamStats rtp,
    StreamStats rtcp,
    RtcpReportStats reports) {}
