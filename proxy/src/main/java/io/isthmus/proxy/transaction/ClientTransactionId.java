package io.isthmus.proxy.transaction;

/**
 * What matches a response to a client transaction (RFC 3261 §17.1.3): the branch of the top Via,
 * which this proxy put there, and the CSeq method, which tells the CANCEL (same branch) from the
 * INVITE it cancels.
 */
record ClientTransactionId(String branch, String method) {}
