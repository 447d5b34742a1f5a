package io.isthmus.media.control;

import io.isthmus.media.relay.Monologue;
import java.util.List;

/**
 * The offer a party was last sent, per m-line, as the relay passed it on: kept on the party's
 * {@link Monologue} until its answer, which is matched against it.
 */
record ReceivedOffer(List<OfferedMedia> medias) {

  ReceivedOffer {
    medias = List.copyOf(medias);
  }

  /** What {@code party} was last offered, or null if nothing yet. */
  static List<OfferedMedia> of(Monologue party) {
    ReceivedOffer r = party.receivedOffer(ReceivedOffer.class);
    return r == null ? null : r.medias();
  }
}
