package io.isthmus.proxy.transport;

import java.util.concurrent.atomic.LongAdder;

/** TLS handshakes of the proxy's connections, both directions, by outcome. */
public final class TlsCounters {
  final LongAdder inboundHandshakes = new LongAdder();
  final LongAdder outboundHandshakes = new LongAdder();
  final LongAdder inboundFailures = new LongAdder();
  final LongAdder outboundFailures = new LongAdder();

  /** Completed handshakes on connections callers opened. */
  public long inboundHandshakes() {
    return inboundHandshakes.sum();
  }

  /** Completed handshakes on connections the proxy opened. */
  public long outboundHandshakes() {
    return outboundHandshakes.sum();
  }

  /** Failed handshakes on connections callers opened (bad certificate, protocol, timeout). */
  public long inboundFailures() {
    return inboundFailures.sum();
  }

  /** Failed handshakes on connections the proxy opened. */
  public long outboundFailures() {
    return outboundFailures.sum();
  }
}
