package io.isthmus.hep;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the capture agent did with each capture: sent, or dropped by cause. Adders: written by the
 * event loops and the sender thread, read by the metrics scrape.
 */
public final class HepCounters {
  final LongAdder sent = new LongAdder();
  final LongAdder queueFull = new LongAdder();
  final LongAdder oversize = new LongAdder();
  final LongAdder sendErrors = new LongAdder();
  final LongAdder unsupported = new LongAdder();

  /** Packets written to the collector's socket. */
  public long sent() {
    return sent.sum();
  }

  /** Captures dropped because the sender's queue was full. */
  public long queueFull() {
    return queueFull.sum();
  }

  /** Captures dropped because the HEP packet would exceed 65,535 octets. */
  public long oversize() {
    return oversize.sum();
  }

  /** Packets the socket refused (collector unreachable, socket closed). */
  public long sendErrors() {
    return sendErrors.sum();
  }

  /** Captures whose two addresses were of different IP families. */
  public long unsupported() {
    return unsupported.sum();
  }
}
