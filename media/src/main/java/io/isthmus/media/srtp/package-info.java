/**
 * SRTP and SRTCP (RFC 3711) for SDES-keyed streams (RFC 4568): the AES counter-mode suites with
 * HMAC-SHA1 authentication, over the JDK's AES and SHA-1. A {@link
 * io.isthmus.media.srtp.SrtpContext} protects or unprotects packets in place, allocation-free,
 * owned by the call's event loop.
 */
package io.isthmus.media.srtp;
