package io.isthmus.proxy.transaction;

/**
 * Why a client transaction gave up waiting for a final response. For every one the core treats the
 * branch as if it had answered 408 (RFC 3261 §16.7 step 2, §17.1.1.2, §17.1.2.2).
 */
public enum Timeout {
  /**
   * No response at all (not even 100) to an INVITE within {@link
   * TransactionConfig#inviteNoResponse()}: the gateway is presumed dead so the core can fail over
   * long before Timer B. The transaction stops retransmitting but lingers until Timer B, so that a
   * late provisional is answered with CANCEL and a late 2xx still reaches the core.
   */
  NO_RESPONSE,
  /** Timer B (64*T1): the INVITE got no response (RFC 3261 §17.1.1.2). */
  TIMER_B,
  /** Timer F (64*T1): the non-INVITE request got no final response (RFC 3261 §17.1.2.2). */
  TIMER_F,
  /**
   * Timer C: a provisional came but no final within {@link TransactionConfig#timerC()}; the
   * transaction has sent CANCEL (RFC 3261 §16.8).
   */
  TIMER_C,
  /**
   * The INVITE was cancelled but no final response came within 64*T1 of the CANCEL; the transaction
   * is destroyed (RFC 3261 §9.1).
   */
  CANCEL_UNANSWERED
}
