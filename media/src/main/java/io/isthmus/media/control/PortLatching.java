package io.isthmus.media.control;

import io.isthmus.media.relay.MediaEndpoint;

/**
 * Whether a re-offer or re-answer gives the other side new relay ports, as rtpengine decides it
 * ({@code __get_endpoint_map}): ports follow the remote endpoint, so a party whose SDP address or
 * port changed gets the other side new ports; {@code port latching} keeps them whatever changed; a
 * party on hold (c=0.0.0.0) keeps them too, unless {@code no port latching} is given and its port
 * changed (rtpengine compares only the ports of a zero address).
 */
final class PortLatching {
  private PortLatching() {}

  /** Whether the party moved away from {@code last} (null: never signalled before). */
  static boolean moved(MediaEndpoint last, MediaEndpoint now, SignalOptions opt) {
    if (last == null || opt.portLatching) {
      return false;
    }
    if (now.onHold()) {
      return opt.noPortLatching && now.rtpPort() != last.rtpPort();
    }
    return !last.equals(now);
  }
}
