package io.isthmus.proxy.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the transport layer received, answered, dropped and failed to send. LongAdders: every loop
 * adds without contention; readers (metrics, status page) sum.
 */
public final class TransportCounters {
  final LongAdder requestsReceived = new LongAdder();
  final LongAdder responsesReceived = new LongAdder();
  final LongAdder malformedAnswered = new LongAdder();
  final LongAdder malformedDropped = new LongAdder();
  final LongAdder sourceRejected = new LongAdder();
  final LongAdder sourceDropped = new LongAdder();
  final LongAdder sent = new LongAdder();
  final LongAdder sendErrors = new LongAdder();
  final LongAdder internalErrors = new LongAdder();
  final LongAdder tcpConnectionsOpened = new LongAdder();
  final LongAdder tcpConnectionsClosed = new LongAdder();

  /** A consistent-enough copy of the counters. */
  public Snapshot snapshot() {
    return new Snapshot(
        requestsReceived.sum(),
        responsesReceived.sum(),
        malformedAnswered.sum(),
        malformedDropped.sum(),
        sourceRejected.sum(),
        sourceDropped.sum(),
        sent.sum(),
        sendErrors.sum(),
        internalErrors.sum(),
        tcpConnectionsOpened.sum(),
        tcpConnectionsClosed.sum());
  }

  /**
   * The counter values.
   *
   * @param requestsReceived requests passed to the handler
   * @param responsesReceived responses passed to the handler
   * @param malformedAnswered malformed requests answered with 400 (or 505, 513)
   * @param malformedDropped malformed messages dropped: responses, ACKs, unreadable noise
   * @param sourceRejected requests from a refused source answered with 403
   * @param sourceDropped ACKs and responses from a refused source, dropped
   * @param sent messages handed to a socket
   * @param sendErrors sends that failed (reported to the error listener)
   * @param internalErrors messages whose handling failed inside the proxy (a request then gets 500)
   * @param tcpConnectionsOpened TCP connections accepted or connected
   * @param tcpConnectionsClosed TCP connections closed
   */
  public record Snapshot(
      long requestsReceived,
      long responsesReceived,
      long malformedAnswered,
      long malformedDropped,
      long sourceRejected,
      long sourceDropped,
      long sent,
      long sendErrors,
      long internalErrors,
      long tcpConnectionsOpened,
      long tcpConnectionsClosed) {}
}
