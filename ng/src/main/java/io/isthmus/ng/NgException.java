package io.isthmus.ng;

/**
 * A request that cannot be carried out, with the {@code error-reason} to answer it with. Reasons
 * use rtpengine's wording where rtpengine has one ("No call-id in message", "Unrecognized command",
 * ...), so that logs and Kamailio's failover rules read the same. No stack trace: bad requests are
 * normal operation.
 */
public final class NgException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String detail;

  /** An error whose message is the {@code error-reason} of the reply. */
  public NgException(String reason) {
    this(reason, null);
  }

  /**
   * An error with rtpengine's {@code reason} and, for people reading replies, a precise {@code
   * detail} (null: none) that the reply carries in {@code error-detail}.
   */
  public NgException(String reason, String detail) {
    super(reason, null, false, false);
    this.detail = detail;
  }

  /** What exactly was wrong, or null. */
  public String detail() {
    return detail;
  }

  /** The error reply for this failure. */
  public NgResponse response() {
    return NgResponse.error(reason(), detail);
  }

  /** The {@code error-reason} to reply with. */
  public String reason() {
    return getMessage();
  }
}
