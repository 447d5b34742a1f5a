package io.isthmus.app.wiring;

import io.isthmus.media.relay.DeletionReason;
import java.util.Locale;

/** Which of the in-process relay's call deletions end the proxy's call as well. */
final class RelayEnds {
  private RelayEnds() {}

  /**
   * rtpengine's name of the timeout behind {@code reason}, or null when the relay did not end the
   * call by itself (a delete the proxy sent, shutdown).
   */
  static String timeout(DeletionReason reason) {
    return switch (reason) {
      case TIMEOUT, SILENT_TIMEOUT, OFFER_TIMEOUT, FINAL_TIMEOUT ->
          reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
      case DELETED, SHUTDOWN -> null;
    };
  }
}
