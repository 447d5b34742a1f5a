package io.isthmus.interop;

import io.isthmus.ng.bencode.BDict;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A sequence of NG requests sent to each engine in turn, and how each reply is compared.
 *
 * <p>Call-IDs in the requests are logical ("c1"); the runner makes them unique per engine and run
 * ({@link #callIds}) and the normaliser maps them back, so both engines' replies read alike.
 *
 * @param name short, file-name safe, unique (also the golden file's name)
 * @param description what the scenario exercises, for the report
 * @param steps the requests in order
 */
record Scenario(String name, String description, List<Step> steps) {

  /** How a reply is compared. */
  enum Compare {
    /** Every key; the SDP line by line, per section. */
    FULL,
    /** The shape of the reply: keys present and counters; timestamps ignored. */
    STRUCTURE,
    /** Not compared (set-up or clean-up); its result must not be an error. */
    NONE
  }

  /**
   * One request.
   *
   * @param request the dictionary as sent, with a logical call-id
   * @param compare how the reply is compared
   * @param raw the payload sent instead of {@code request} (malformed input), or null
   * @param media packets sent through the engine instead of a request ({@link MediaProbe}), or null
   */
  record Step(BDict request, Compare compare, String raw, List<String> media) {
    String command() {
      return Requests.string(request, "command");
    }
  }

  /** The logical call-ids used by the scenario, in order of first use. */
  Set<String> callIds() {
    Set<String> ids = new LinkedHashSet<>();
    for (Step s : steps) {
      String id = Requests.string(s.request(), "call-id");
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }

  @Override
  public String toString() {
    return name;
  }
}
