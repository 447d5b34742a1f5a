package io.isthmus.proxy.transaction;

/**
 * The states of the RFC 3261 §17 state machines, plus ACCEPTED from RFC 6026 §7. Each machine uses
 * a subset: INVITE client CALLING, PROCEEDING, COMPLETED, ACCEPTED; non-INVITE client TRYING,
 * PROCEEDING, COMPLETED; INVITE server PROCEEDING, COMPLETED, CONFIRMED, ACCEPTED; non-INVITE
 * server TRYING, PROCEEDING, COMPLETED. All end in TERMINATED.
 */
public enum TransactionState {
  CALLING,
  TRYING,
  PROCEEDING,
  COMPLETED,
  CONFIRMED,
  ACCEPTED,
  TERMINATED
}
