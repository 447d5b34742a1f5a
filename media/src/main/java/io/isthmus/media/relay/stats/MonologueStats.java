package io.isthmus.media.relay.stats;

import java.util.List;

/** One party of a call in a snapshot: its tag and its medias in m-line order. */
public record MonologueStats(String tag, List<MediaStats> medias) {

  public MonologueStats {
    medias = List.copyOf(medias);
  }
}
