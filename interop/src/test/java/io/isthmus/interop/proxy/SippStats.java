package io.isthmus.interop.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last row of sipp's statistics file ({@code -trace_stat -stf FILE -fd 1}): a header line of
 * ';'-separated names, then one row per dump, the cumulative counters in the {@code (C)} columns.
 * sipp writes a row every second and a last one when it exits.
 *
 * @param values column name to value of the last complete row
 */
record SippStats(Map<String, String> values) {

  /** The last complete row of {@code file}, or empty when there is none yet. */
  static Optional<SippStats> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file, StandardCharsets.ISO_8859_1);
    // A row still being written has no newline yet: ignore it.
    List<String> lines = text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
    if (lines.size() < 2) {
      return Optional.empty();
    }
    String[] names = lines.getFirst().split(";");
    String[] row = lines.getLast().split(";");
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < Math.min(names.length, row.length); i++) {
      values.put(names[i], row[i]);
    }
    return Optional.of(new SippStats(values));
  }

  private long count(String column) {
    String v = values.get(column);
    if (v == null) {
      throw new AssertionError("no column " + column + " in sipp's statistics " + values.keySet());
    }
    return Long.parseLong(v.trim());
  }

  /** Calls that ran their scenario to the end. */
  long successful() {
    return count("SuccessfulCall(C)");
  }

  /** Calls that failed (unexpected message, failed check, timeout ...). */
  long failed() {
    return count("FailedCall(C)");
  }

  /** Calls begun by an incoming request (a gateway's calls, plus the OPTIONS it answered). */
  long incoming() {
    return count("IncomingCall(C)");
  }

  @Override
  public String toString() {
    return "sipp stats: successful "
        + values.get("SuccessfulCall(C)")
        + ", failed "
        + values.get("FailedCall(C)")
        + ", created "
        + values.get("TotalCallCreated")
        + ", current "
        + values.get("CurrentCall");
  }
}
