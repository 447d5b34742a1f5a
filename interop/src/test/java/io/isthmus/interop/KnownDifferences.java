package io.isthmus.interop;

import java.util.List;

/**
 * Every difference between the Isthmus relay and rtpengine 10.5 that we keep on purpose, with the
 * reason. The differential test fails on any difference not listed here, and on an entry that no
 * longer matches anything (so the list stays true).
 */
final class KnownDifferences {
  private KnownDifferences() {}

  static final List<KnownDifference> KNOWN_DIFFERENCES = List.of();
}
