package io.isthmus.media.control;

import io.isthmus.media.relay.MediaStream;

/**
 * One m-line of one party, as the command layer tracks it: the relay stream facing the party (null
 * while rejected) and what the party last signalled for it.
 */
final class MediaSlot {
  MediaStream stream;
  MediaEndpoint lastSignalled;
  String proto;
  String type;

  void release() {
    if (stream != null) {
      stream.release();
      stream = null;
    }
  }
}
