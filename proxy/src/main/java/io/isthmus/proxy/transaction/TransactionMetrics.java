package io.isthmus.proxy.transaction;

/**
 * Counters of one {@link TransactionLayer}, written and read on its event loop (plain longs, no
 * atomics); an exporter sums the layers of all loops.
 */
public final class TransactionMetrics {
  private final long[] created = new long[TransactionKind.values().length];
  private final long[] terminated = new long[TransactionKind.values().length];
  private final long[] timeouts = new long[Timeout.values().length];
  private long retransmissionsSent;
  private long retransmissionsAbsorbed;
  private long ackTimeouts;
  private long transportErrors;
  private long strayResponses;

  /** Transactions of {@code kind} created. */
  public long created(TransactionKind kind) {
    return created[kind.ordinal()];
  }

  /** Transactions of {@code kind} terminated. */
  public long terminated(TransactionKind kind) {
    return terminated[kind.ordinal()];
  }

  /** Client transactions that reported {@code timeout}. */
  public long timeouts(Timeout timeout) {
    return timeouts[timeout.ordinal()];
  }

  /**
   * Messages sent again: requests on timers A and E, responses on timer G or for a retransmitted
   * request, ACKs for a retransmitted final, 2xx retransmissions passed through in Accepted.
   */
  public long retransmissionsSent() {
    return retransmissionsSent;
  }

  /** Retransmitted requests and responses that were absorbed instead of reaching the core. */
  public long retransmissionsAbsorbed() {
    return retransmissionsAbsorbed;
  }

  /** INVITE server transactions whose non-2xx final got no ACK before Timer H. */
  public long ackTimeouts() {
    return ackTimeouts;
  }

  /** Sends that failed (§17.1.4, §17.2.4). */
  public long transportErrors() {
    return transportErrors;
  }

  /** Responses that matched no client transaction. */
  public long strayResponses() {
    return strayResponses;
  }

  void created(Transaction tx) {
    created[tx.kind().ordinal()]++;
  }

  void terminated(Transaction tx) {
    terminated[tx.kind().ordinal()]++;
  }

  void timeout(Timeout timeout) {
    timeouts[timeout.ordinal()]++;
  }

  void retransmissionSent() {
    retransmissionsSent++;
  }

  void retransmissionAbsorbed() {
    retransmissionsAbsorbed++;
  }

  void ackTimeout() {
    ackTimeouts++;
  }

  void transportError() {
    transportErrors++;
  }

  void strayResponse() {
    strayResponses++;
  }
}
