package io.isthmus.proxy.media;

import java.util.Objects;

/**
 * An SDP answer for the relay (NG {@code answer}).
 *
 * @param callId the SIP Call-ID
 * @param fromTag the tag of the offerer of this exchange (rtpengine.md a.4)
 * @param toTag the tag of the answerer
 * @param viaBranch the branch of the initial offer, or null in-dialog
 * @param sdp the answer as received
 * @param senderInterface the media interface facing the answerer (its network's), or null when
 *     unknown: chooses the answerer's per-network NG flags ({@link MediaSettings#sdpSourceOnly})
 */
public record MediaAnswer(
    String callId,
    String fromTag,
    String toTag,
    String viaBranch,
    byte[] sdp,
    String senderInterface) {

  /** An answer whose sender's interface is not known (no per-network flags). */
  public MediaAnswer(String callId, String fromTag, String toTag, String viaBranch, byte[] sdp) {
    this(callId, fromTag, toTag, viaBranch, sdp, null);
  }

  public MediaAnswer {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(fromTag, "fromTag");
    Objects.requireNonNull(toTag, "toTag");
    sdp = sdp.clone();
  }

  @Override
  public byte[] sdp() {
    return sdp.clone();
  }
}
