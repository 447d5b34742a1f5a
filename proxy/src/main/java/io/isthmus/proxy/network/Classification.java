package io.isthmus.proxy.network;

/**
 * The outcome of classifying a message's source: accepted on a network, or rejected for a {@link
 * Reason} (requests are then answered 403, ACKs and responses dropped). Instances are shared; no
 * classification allocates.
 */
public sealed interface Classification {

  /** Why a source was refused. */
  enum Reason {
    /** The source address is in no network's subnets. */
    UNKNOWN_SOURCE,
    /** The source belongs to a network, but not to the one whose socket it sent to. */
    WRONG_SIDE
  }

  /** The source is allowed on the socket's network. */
  record Accepted(Network network) implements Classification {}

  /**
   * The source is refused.
   *
   * @param reason why
   * @param sourceNetwork the network the source belongs to, for WRONG_SIDE; null otherwise
   */
  record Rejected(Reason reason, Network sourceNetwork) implements Classification {
    /** A short explanation for a Warning header and the logs. */
    public String explanation(Network socketNetwork) {
      return reason == Reason.UNKNOWN_SOURCE
          ? "source address is in no configured network"
          : "source belongs to network '"
              + sourceNetwork.name()
              + "', not '"
              + socketNetwork.name()
              + "'";
    }
  }
}
