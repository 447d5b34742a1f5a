package io.isthmus.media.control;

import io.isthmus.media.relay.MediaStream;

/**
 * One m-line of one party in one dialogue, as the command layer tracks it: the relay stream facing
 * the party (null while rejected) and what the party last signalled for it.
 */
final class MediaSlot {
  MediaStream stream;
  MediaEndpoint lastSignalled;
  String proto;
  String type;

  /** Whether the party itself sent SDP for this m-line (rtpengine's "initialized"). */
  boolean initialized;

  /** Whether the party receives media here (its SDP says sendrecv or recvonly). */
  boolean receives;

  /** The party signalled the m-line with this direction: it sends and/or receives. */
  void signalled(boolean sends, boolean receives) {
    initialized = true;
    this.receives = receives;
    stream.setExpectingMedia(sends);
  }

  /**
   * The party was offered the m-line (direction seen from it: the offer's, mirrored); until it
   * answers, that is what it is assumed to do.
   */
  void offered(boolean sends, boolean receives) {
    this.receives = receives;
    stream.setExpectingMedia(sends);
  }

  void release() {
    if (stream != null) {
      stream.release();
      stream = null;
    }
  }
}
