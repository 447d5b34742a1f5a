/**
 * The networks the proxy joins (public, private, more if configured): their SIP sockets, the
 * subnets allowed to send on them, and which network a request from one of them is routed to.
 * Immutable values built from configuration; classification of a source address is allocation-free.
 */
package io.isthmus.proxy.network;
