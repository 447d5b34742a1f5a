package io.isthmus.media.control;

import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.MediaRelay;
import java.util.List;

/** {@code direction=[from, to]} resolved against the relay's logical interfaces. */
final class Interfaces {
  private Interfaces() {}

  /** The first configured interface: rtpengine's choice when no direction is given. */
  static LogicalInterface first(MediaRelay relay) {
    return relay.config().interfaces().getFirst();
  }

  /**
   * The interface named {@code index} in {@code direction}, or null if the request names none. An
   * unknown name falls back to the first interface, as rtpengine does, with a warning.
   */
  static LogicalInterface pick(
      MediaRelay relay, List<String> direction, int index, List<String> warnings) {
    if (direction.size() <= index) {
      return null;
    }
    String name = direction.get(index);
    return relay
        .findInterface(name)
        .orElseGet(
            () -> {
              LogicalInterface first = first(relay);
              warnings.add(
                  "Unknown interface '" + name + "' in direction; using '" + first.name() + "'");
              return first;
            });
  }
}
