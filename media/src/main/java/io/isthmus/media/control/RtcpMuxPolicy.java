package io.isthmus.media.control;

import java.util.List;
import java.util.Locale;

/**
 * rtcp-mux handling (RFC 5761) per NG's {@code rtcp-mux} list, decided at the offer and applied
 * again at the answer. Observed on rtpengine 10.5:
 *
 * <ul>
 *   <li>no flag: follow the offerer; mux goes to the answerer if offered, and back if accepted;
 *   <li>{@code offer}: offer mux onward even if the offerer did not;
 *   <li>{@code require}: offer only mux onward ({@code a=rtcp} names the RTP port);
 *   <li>{@code demux}: accept mux from the offerer but do not offer it onward;
 *   <li>{@code accept}: offer it onward and accept it towards the offerer whatever the answer;
 *   <li>{@code reject}: never accept it towards the offerer.
 * </ul>
 *
 * @param offererMux the offer carried {@code a=rtcp-mux}
 */
record RtcpMuxPolicy(
    boolean offererMux,
    boolean offer,
    boolean require,
    boolean demux,
    boolean accept,
    boolean reject) {

  static RtcpMuxPolicy of(boolean offererMux, List<String> flags) {
    boolean offer = false;
    boolean require = false;
    boolean demux = false;
    boolean accept = false;
    boolean reject = false;
    for (String f : flags) {
      switch (f.toLowerCase(Locale.ROOT)) {
        case "offer" -> offer = true;
        case "require" -> require = true;
        case "demux" -> demux = true;
        case "accept" -> accept = true;
        case "reject" -> reject = true;
        default -> {} // rtpengine ignores other words too
      }
    }
    return new RtcpMuxPolicy(offererMux, offer, require, demux, accept, reject);
  }

  /** Whether the offer sent on to the answerer carries {@code a=rtcp-mux}. */
  boolean offerOnward() {
    return (offererMux && !demux) || offer || require;
  }

  /** Whether the offer sent on names only the RTP port (no separate RTCP port offered). */
  boolean onlyMuxOnward() {
    return require;
  }

  /** Whether the answer sent back to the offerer accepts mux. */
  boolean acceptTowardsOfferer(boolean answererMux) {
    return offererMux && !reject && (answererMux || accept || demux);
  }

  /** Whether the relay's stream facing the answerer carries RTCP on the RTP port. */
  boolean answererSideMux(boolean answererMux) {
    return answererMux || require;
  }
}
