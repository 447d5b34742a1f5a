package io.isthmus.proxy.media;

import java.util.List;
import java.util.Objects;

/**
 * An SDP answer for the relay (NG {@code answer}).
 *
 * @param callId the SIP Call-ID
 * @param fromTag the tag of the offerer of this exchange (rtpengine.md a.4)
 * @param toTag the tag of the answerer
 * @param viaBranch the branch of the initial offer, or null in-dialog
 * @param sdp the answer as received
 * @param direction [media interface facing the answerer, media interface facing the offerer], as an
 *     offer's direction seen from the answerer; empty when unknown (no per-network settings). Not
 *     sent (NG answers carry no direction): it chooses the networks' settings ({@link
 *     NetworkMedia})
 */
public record MediaAnswer(
    String callId,
    String fromTag,
    String toTag,
    String viaBranch,
    byte[] sdp,
    List<String> direction) {

  /** An answer whose networks are not known (no per-network settings). */
  public MediaAnswer(String callId, String fromTag, String toTag, String viaBranch, byte[] sdp) {
    this(callId, fromTag, toTag, viaBranch, sdp, List.of());
  }

  public MediaAnswer {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(fromTag, "fromTag");
    Objects.requireNonNull(toTag, "toTag");
    sdp = sdp.clone();
    direction = List.copyOf(direction);
    if (!direction.isEmpty() && direction.size() != 2) {
      throw new IllegalArgumentException("direction needs two interfaces or none: " + direction);
    }
  }

  /** The media interface facing the answerer (the sender of this SDP), or null. */
  public String senderInterface() {
    return direction.isEmpty() ? null : direction.getFirst();
  }

  /** The media interface facing the offerer (where this SDP goes), or null. */
  public String receiverInterface() {
    return direction.isEmpty() ? null : direction.get(1);
  }

  @Override
  public byte[] sdp() {
    return sdp.clone();
  }
}
