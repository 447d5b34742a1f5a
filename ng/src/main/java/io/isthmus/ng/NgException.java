package io.isthmus.ng;

/**
 * A request that cannot be carried out, with the {@code error-reason} to answer it with. Reasons
 * use rtpengine's wording where rtpengine has one ("No call-id in message", "Unrecognized command",
 * ...), so that logs and Kamailio's failover rules read the same. No stack trace: bad requests are
 * normal operation.
 */
public final class NgException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An error whose message is the {@code error-reason} of the reply. */
  public NgException(String reason) {
    super(reason, null, false, false);
  }

  /** The {@code error-reason} to reply with. */
  public String reason() {
    return getMessage();
  }
}
