package io.isthmus.proxy.dispatcher;

/**
 * Why a real call failed on a gateway; each one marks the gateway inactive at once (passive
 * detection, like {@code ds_mark_dst("ip")} in a failure route).
 *
 * @param kind what happened
 * @param status the final status for {@link Kind#STATUS} (408 or 5xx), else 0
 */
public record CallFailure(Kind kind, int status) {

  /** The kinds of call failure. */
  public enum Kind {
    /** No response at all within the no-response timeout. */
    NO_RESPONSE,
    /** The gateway answered with a failover status (408, 5xx). */
    STATUS,
    /** The request could not be sent (connection refused, ICMP unreachable, ...). */
    TRANSPORT_ERROR
  }

  /** The gateway sent nothing in time. */
  public static CallFailure noResponse() {
    return new CallFailure(Kind.NO_RESPONSE, 0);
  }

  /** The gateway answered {@code status}. */
  public static CallFailure status(int status) {
    return new CallFailure(Kind.STATUS, status);
  }

  /** The transport reported an error. */
  public static CallFailure transportError() {
    return new CallFailure(Kind.TRANSPORT_ERROR, 0);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case NO_RESPONSE -> "no response";
      case STATUS -> "call answered " + status;
      case TRANSPORT_ERROR -> "transport error";
    };
  }
}
