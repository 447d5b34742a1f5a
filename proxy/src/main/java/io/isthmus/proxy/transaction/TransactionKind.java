package io.isthmus.proxy.transaction;

/** The four transaction state machines of RFC 3261 §17 (Figures 5 to 8). */
public enum TransactionKind {
  INVITE_CLIENT,
  NON_INVITE_CLIENT,
  INVITE_SERVER,
  NON_INVITE_SERVER
}
