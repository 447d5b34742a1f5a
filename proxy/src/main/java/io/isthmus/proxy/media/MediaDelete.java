package io.isthmus.proxy.media;

import java.util.Objects;

/**
 * Ends media of a call (NG {@code delete}). With the call-id and from-tag alone the whole call goes
 * (rtpengine.md a.5), which is what the core asks for on BYE, CANCEL and final failure.
 *
 * @param callId the SIP Call-ID
 * @param fromTag the tag of either party
 * @param toTag restricts the delete to one dialogue, or null
 * @param viaBranch restricts the delete to one branch, or null
 */
public record MediaDelete(String callId, String fromTag, String toTag, String viaBranch) {

  public MediaDelete {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(fromTag, "fromTag");
  }

  /** The whole call. */
  public static MediaDelete call(String callId, String fromTag) {
    return new MediaDelete(callId, fromTag, null, null);
  }
}
