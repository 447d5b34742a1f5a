package io.isthmus.media.control;

import io.isthmus.sdp.MediaDescription;
import java.util.Set;

/**
 * One m-line of an offer as the relay passed it on, kept on the receiving party until its answer:
 * what the answer sent back to the offerer must be made consistent with.
 *
 * @param offer the offerer's own section (its codecs, profile, mid and ptime)
 * @param addedFormats payload types the relay added for transcoding (the offerer never offered
 *     them, so they never go back to it)
 * @param mux the rtcp-mux decision of the offer
 * @param sdes where the relay terminates SRTP for this m-line, what the offer arranged; null when
 *     it does not
 * @param offererIce the offerer's ICE credentials, null when it did no ICE (the answer back then
 *     carries none of the relay's)
 */
record OfferedMedia(
    MediaDescription offer,
    Set<String> addedFormats,
    RtcpMuxPolicy mux,
    Sdes.Offer sdes,
    io.isthmus.media.ice.IceCredentials offererIce) {

  boolean rejected() {
    return offer.media().isRejected();
  }
}
