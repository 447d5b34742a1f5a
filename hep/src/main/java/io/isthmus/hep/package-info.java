/**
 * HEP version 3 capture for Homer: {@link io.isthmus.hep.Hep3} writes the wire format, {@link
 * io.isthmus.hep.HepSender} sends captures to a collector from its own thread, {@link
 * io.isthmus.hep.Sampling} picks the calls. The proxy's and the relay's taps (in {@code app})
 * decide what is captured; this package knows nothing of SIP or RTP.
 */
package io.isthmus.hep;
