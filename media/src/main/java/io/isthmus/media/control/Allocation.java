package io.isthmus.media.control;

import io.isthmus.media.net.PortsExhaustedException;
import io.isthmus.media.relay.MediaStream;
import io.isthmus.media.relay.Monologue;
import io.isthmus.ng.NgException;
import java.util.ArrayList;
import java.util.List;

/**
 * The streams one request opens, so that a request that runs out of ports half-way gives every port
 * back and leaves the call as it was ("Ran out of ports", nothing leaked).
 */
final class Allocation {
  private final List<MediaStream> opened = new ArrayList<>();

  /** Opens a stream facing {@code party} on its interface. */
  MediaStream open(Monologue party, String type) throws NgException {
    try {
      MediaStream s = party.addMedia(type, party.iface());
      opened.add(s);
      return s;
    } catch (PortsExhaustedException e) {
      rollback();
      throw new NgException(NgReasons.OUT_OF_PORTS);
    }
  }

  /** Releases everything opened so far. */
  void rollback() {
    for (MediaStream s : opened) {
      s.release();
    }
    opened.clear();
  }
}
