package io.isthmus.proxy.media;

import java.nio.charset.StandardCharsets;

/**
 * What a media command came to. The core maps {@link Rejected} to 488 Not Acceptable Here and
 * {@link Unavailable} to 503 Service Unavailable for the caller.
 */
public sealed interface MediaResult {

  /** The relay accepted the command; {@code sdp} is the rewritten SDP (empty for a delete). */
  record Sdp(byte[] sdp) implements MediaResult {
    public Sdp {
      sdp = sdp.clone();
    }

    @Override
    public byte[] sdp() {
      return sdp.clone();
    }

    @Override
    public String toString() {
      return "Sdp[" + new String(sdp, StandardCharsets.UTF_8) + "]";
    }
  }

  /** The relay answered with an error: it refuses this SDP or these tags. */
  record Rejected(String reason) implements MediaResult {}

  /**
   * No relay answered in time, or every relay is down or over its load limit.
   *
   * @param retryAfterSeconds for a relay over its limits: the Retry-After the caller gets with its
   *     503; 0 for none
   */
  record Unavailable(String reason, int retryAfterSeconds) implements MediaResult {
    public Unavailable(String reason) {
      this(reason, 0);
    }
  }

  /** True when the relay accepted the command. */
  default boolean ok() {
    return this instanceof Sdp;
  }
}
