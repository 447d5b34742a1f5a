package io.isthmus.media.relay;

/**
 * How a party's packet sources are checked, from the NG flags of the party's own offer or answer
 * (rtpengine sets them per message on the sender's streams). Whatever the flags, the relay follows
 * the latest source for the learning window after signalling, then locks it: later packets from
 * other sources are dropped and counted. That lock is Isthmus's default (rtpengine forwards from
 * anyone once it has learned unless {@code strict source} is given), the defence against RTP
 * injection.
 *
 * @param strictSource rtpengine's {@code strict source}: also during learning, a packet from a
 *     source that matches the SDP address worse than one already seen in this window (exact address
 *     and port, then same address, then same port, then neither) is dropped
 * @param mediaHandover rtpengine's {@code media handover}: after the lock, a packet from a new
 *     source moves the endpoint there instead of being dropped (lets a party change address without
 *     signalling; also lets anyone who can reach the port take the stream over)
 * @param asymmetric rtpengine's {@code asymmetric}: the party does not receive where it sends from,
 *     so the relay always sends to its SDP address; its source is still learned and locked
 * @param sdpSourceOnly Isthmus's {@code sdp-source-only} (a proxy sets it per network, for parties
 *     that are not behind NAT): only packets from exactly the address and port the SDP signalled
 *     are accepted, during learning too, and nothing else is ever learned; so no one can inject RTP
 *     or bleed the stream off, not even in the first milliseconds of a call. Overrides the other
 *     three for the accept decision
 */
public record SourcePolicy(
    boolean strictSource, boolean mediaHandover, boolean asymmetric, boolean sdpSourceOnly) {

  /** No flag: learn, then lock; send to the learned source. */
  public static final SourcePolicy DEFAULT = new SourcePolicy(false, false, false, false);

  /** The rtpengine flags alone (no {@code sdp-source-only}). */
  public SourcePolicy(boolean strictSource, boolean mediaHandover, boolean asymmetric) {
    this(strictSource, mediaHandover, asymmetric, false);
  }
}
