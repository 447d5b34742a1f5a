package io.isthmus.media.relay.stats;

/**
 * The latest RTCP reception report a party sent (RFC 3550 §6.4.1): how it received the media the
 * relay forwarded to it.
 *
 * @param reports SR/RR packets with at least one report block seen
 * @param ssrc SSRC the latest block is about
 * @param fractionLost fraction lost in 1/256 units
 * @param cumulativeLost cumulative packets lost (signed)
 * @param jitter interarrival jitter in RTP timestamp units
 */
public record RtcpReportStats(
    long reports, long ssrc, int fractionLost, int cumulativeLost, long jitter) {

  /** Fraction lost as a ratio in [0, 1). */
  public double fractionLostRatio() {
    return fractionLost / 256.0;
  }
}
