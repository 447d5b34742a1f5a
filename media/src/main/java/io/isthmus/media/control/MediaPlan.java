package io.isthmus.media.control;

import io.isthmus.sdp.Direction;
import io.isthmus.sdp.MediaDescription;
import java.util.List;

/**
 * What the rewritten SDP says for one m-line.
 *
 * @param source the section being rewritten (its lines are kept where rtpengine keeps them)
 * @param altSource where the description of a format missing from {@code source} comes from (the
 *     offer, for a codec substituted in an answer); null if none
 * @param port the relay port, 0 for a rejected stream
 * @param formats the m= formats
 * @param rtcpPort the a=rtcp port; 0 for none
 * @param address the c= address written for this section (interface or hold address)
 * @param mid a=mid to add when the section has none (answers repeat the offer's), or null
 * @param ptime a=ptime value to add when the section has none (rtpengine repeats the offer's), or
 *     null
 * @param crypto the a=crypto lines to write (the relay terminates SDES), or null to keep the
 *     section's own
 * @param ice the relay's ICE lines for the section ({@link Ice}), empty when it does no ICE there
 */
record MediaPlan(
    MediaDescription source,
    MediaDescription altSource,
    int port,
    String proto,
    List<String> formats,
    Direction direction,
    int rtcpPort,
    boolean rtcpMux,
    String address,
    String mid,
    String ptime,
    List<String> crypto,
    List<String> ice) {

  /** A rejected stream: port 0, the section's own protocol and formats. */
  static MediaPlan rejected(MediaDescription source, String address) {
    return new MediaPlan(
        source,
        null,
        0,
        source.media().proto(),
        source.media().formats(),
        Direction.INACTIVE,
        0,
        false,
        address,
        null,
        null,
        null,
        List.of());
  }
}
