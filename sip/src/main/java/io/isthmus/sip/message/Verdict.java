package io.isthmus.sip.message;

import java.util.List;
import java.util.Objects;

/**
 * What a proxy does with a received message after {@link SipValidator}: forward it (ACCEPT), answer
 * the request with an error status (REJECT), or discard it silently (DROP: responses and messages
 * nobody may be answered about).
 *
 * @param kind the decision
 * @param status the status to answer with, for REJECT; 0 otherwise
 * @param reason the reason phrase for REJECT, or why the message was dropped
 * @param headers extra header lines for the error response (Unsupported for 420)
 * @param mayAnswerLocally for 483 on OPTIONS: RFC 3261 §16.3 step 3 lets the proxy answer the
 *     OPTIONS itself instead of sending 483
 */
public record Verdict(
    Kind kind, int status, String reason, List<HeaderField> headers, boolean mayAnswerLocally) {

  /** The three decisions. */
  public enum Kind {
    ACCEPT,
    REJECT,
    DROP
  }

  public static final Verdict ACCEPT = new Verdict(Kind.ACCEPT, 0, "", List.of(), false);

  public Verdict {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    headers = List.copyOf(headers);
  }

  public static Verdict reject(int status, String reason) {
    return new Verdict(Kind.REJECT, status, reason, List.of(), false);
  }

  public static Verdict reject(int status, String reason, List<HeaderField> headers) {
    return new Verdict(Kind.REJECT, status, reason, headers, false);
  }

  public static Verdict drop(String reason) {
    return new Verdict(Kind.DROP, 0, reason, List.of(), false);
  }

  public boolean accepted() {
    return kind == Kind.ACCEPT;
  }
}
