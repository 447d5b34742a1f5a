package io.isthmus.media.relay;

/**
 * One m-line of one monologue in one dialogue: the relay stream facing the party (null while the
 * m-line is rejected) and what the party last signalled for it. The NG layer keeps one list of
 * these per dialogue ({@link Monologue#slot}); they live and die on the call's event loop.
 */
public final class MediaSlot {
  private MediaStream stream;
  private MediaEndpoint lastSignalled;
  private String proto;
  private String type;
  private boolean initialized;
  private boolean receives;

  MediaSlot() {}

  /** The stream facing the party, or null. */
  public MediaStream stream() {
    return stream;
  }

  /** Puts {@code fresh} in the slot (releasing the old stream); true if it was replaced. */
  public boolean replace(MediaStream fresh) {
    if (fresh == null) {
      return false;
    }
    MediaStream old = stream;
    stream = fresh;
    if (old != null) {
      old.release();
    }
    return true;
  }

  /** Closes the stream (ports returned); the slot stays, empty. */
  public void release() {
    if (stream != null) {
      stream.release();
      stream = null;
    }
  }

  /** Where the party last said it receives this m-line; null before it said so. */
  public MediaEndpoint lastSignalled() {
    return lastSignalled;
  }

  public void setLastSignalled(MediaEndpoint endpoint) {
    this.lastSignalled = endpoint;
  }

  /** The transport protocol of the m-line as this party sees it ("RTP/AVP", ...); may be null. */
  public String proto() {
    return proto;
  }

  public void setProto(String proto) {
    this.proto = proto;
  }

  /** The SDP media type ("audio", ...), once the party's offer named it; may be null. */
  public String type() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  /** Whether the party itself sent SDP for this m-line (rtpengine's "initialized"). */
  public boolean initialized() {
    return initialized;
  }

  /** Whether the party receives media here (its SDP says sendrecv or recvonly). */
  public boolean receives() {
    return receives;
  }

  /** The party signalled the m-line with this direction: it sends and/or receives. */
  public void signalled(boolean sends, boolean receives) {
    initialized = true;
    this.receives = receives;
    stream.setExpectingMedia(sends);
  }

  /**
   * The party was offered the m-line (direction seen from it: the offer's, mirrored); until it
   * answers, that is what it is assumed to do.
   */
  public void offered(boolean sends, boolean receives) {
    this.receives = receives;
    stream.setExpectingMedia(sends);
  }

  /** Restores what the party had signalled for the slot (replication), without touching media. */
  public void restore(boolean initialized, boolean receives) {
    this.initialized = initialized;
    this.receives = receives;
  }

  boolean hasStream() {
    return stream != null;
  }
}
