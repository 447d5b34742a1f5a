package io.isthmus.interop;

/**
 * One way in which Isthmus answered a step differently from rtpengine.
 *
 * @param scenario the scenario's name
 * @param step 1-based step number
 * @param kind what differs
 * @param detail a readable sentence; {@link KnownDifference}s match it
 */
record Difference(String scenario, int step, Kind kind, String detail) {

  /** What differs. */
  enum Kind {
    /** {@code result} (ok / error / pong). */
    RESULT,
    /** {@code error-reason} text. */
    ERROR_REASON,
    /** {@code warning} present or text. */
    WARNING,
    /** Any other key of the reply (query structure, counters, lists). */
    FIELD,
    /** An SDP section has lines the other lacks, or the number of sections differs. */
    SDP_CONTENT,
    /** Same SDP lines in a section, but in another order. */
    SDP_ORDER
  }

  @Override
  public String toString() {
    return scenario + " step " + step + " " + kind + ": " + detail;
  }
}
