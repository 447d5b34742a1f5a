package io.isthmus.media.net;

import java.io.Serial;

/**
 * No RTP/RTCP port pair could be allocated on a local address. The message starts with rtpengine's
 * wording, {@value #REASON}, because Kamailio fails over to the next relay on exactly that string.
 */
public final class PortsExhaustedException extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  /** rtpengine's error reason, matched verbatim by Kamailio's rtpengine module. */
  public static final String REASON = "Ran out of ports";

  public PortsExhaustedException(String detail) {
    super(REASON + " (" + detail + ")");
  }

  /** The NG {@code error-reason}: exactly {@value #REASON}. */
  public String reason() {
    return REASON;
  }
}
