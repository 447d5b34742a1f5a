/**
 * The RFC 3261 §17 transaction layer, with the RFC 6026 "Accepted" states: INVITE and non-INVITE
 * client and server transactions, their timers (A to M) on an injected {@link
 * io.isthmus.common.time.Scheduler}, retransmission absorption, 100 Trying, the ACK for non-2xx
 * finals and CANCEL matching.
 *
 * <p>One {@link io.isthmus.proxy.transaction.TransactionLayer} per event loop owns every
 * transaction of the calls that loop owns; nothing here takes a lock. Transactions never touch a
 * socket: they send through a {@link io.isthmus.proxy.transaction.TransactionTransport} and report
 * to the proxy core through a {@link io.isthmus.proxy.transaction.TransactionUser}.
 */
package io.isthmus.proxy.transaction;
