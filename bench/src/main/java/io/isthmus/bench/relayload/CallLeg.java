package io.isthmus.bench.relayload;

import java.net.InetSocketAddress;

/**
 * One benchmark call as the relay set it up: where each party sits (the address its SDP announced)
 * and where it must send (the relay's address from the SDP it was given).
 *
 * @param publicParty the caller on 127.0.1.100, as offered
 * @param privateParty the callee on 127.0.2.100, as answered
 * @param relayForPublic the relay's public address from the answer reply (the caller sends here)
 * @param relayForPrivate the relay's private address from the offer reply (the callee sends here)
 */
record CallLeg(
    InetSocketAddress publicParty,
    InetSocketAddress privateParty,
    InetSocketAddress relayForPublic,
    InetSocketAddress relayForPrivate) {}
