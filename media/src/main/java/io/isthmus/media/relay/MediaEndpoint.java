package io.isthmus.media.relay;

import java.net.InetAddress;

/**
 * Where one party says it receives one m-line: the {@code c=} address (null when it is the hold
 * address 0.0.0.0), the {@code m=} port and the RTCP port ({@code a=rtcp:}, else RTP + 1). Compared
 * between an offer and its re-offer: a change means the relay gives the other side new ports, as
 * rtpengine does.
 */
public record MediaEndpoint(InetAddress address, int rtpPort, int rtcpPort) {

  /** Whether the party put the stream on hold with {@code c=0.0.0.0} (RFC 3264 §8.4). */
  public boolean onHold() {
    return address == null;
  }
}
