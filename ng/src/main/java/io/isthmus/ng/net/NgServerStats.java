package io.isthmus.ng.net;

import java.util.concurrent.atomic.LongAdder;

/** Counters of an NG server; written by its event loop, read from anywhere. */
public final class NgServerStats {
  final LongAdder received = new LongAdder();
  final LongAdder malformed = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder executed = new LongAdder();
  final LongAdder errors = new LongAdder();

  /** Datagrams received. */
  public long received() {
    return received.sum();
  }

  /** Datagrams without a cookie, or whose payload could not be decoded. */
  public long malformed() {
    return malformed.sum();
  }

  /** Retransmissions answered from the reply cache or joined to an executing request. */
  public long duplicates() {
    return duplicates.sum();
  }

  /** Requests handed to the command handler. */
  public long executed() {
    return executed.sum();
  }

  /** Replies with {@code result: error}. */
  public long errors() {
    return errors.sum();
  }
}
