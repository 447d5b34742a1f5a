package io.isthmus.proxy.media;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * An SDP offer for the relay (NG {@code offer}).
 *
 * @param callId the SIP Call-ID
 * @param fromTag the tag of the party that sent this SDP (rtpengine.md a.4: NG from-tag = offerer)
 * @param toTag the other party's tag when known (in-dialog offers), else null
 * @param viaBranch the branch that scopes an initial offer (rtpengine {@code via-branch}), or null
 * @param sdp the offer as received
 * @param direction [media interface facing the offerer, media interface facing the answerer]
 * @param receivedFrom the source address of the SIP message carrying the SDP, or null
 */
public record MediaOffer(
    String callId,
    String fromTag,
    String toTag,
    String viaBranch,
    byte[] sdp,
    List<String> direction,
    InetAddress receivedFrom) {

  public MediaOffer {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(fromTag, "fromTag");
    sdp = sdp.clone();
    direction = List.copyOf(direction);
    if (direction.size() != 2) {
      throw new IllegalArgumentException("direction needs two interfaces: " + direction);
    }
  }

  @Override
  public byte[] sdp() {
    return sdp.clone();
  }
}
