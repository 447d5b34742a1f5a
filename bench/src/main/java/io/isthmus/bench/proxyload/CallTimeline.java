package io.isthmus.bench.proxyload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calls of one sipp run of {@code bench/sipp/timed-uac.xml}, read from the {@code *_logs.log}
 * that {@code -trace_logs} writes: per call its start (before the INVITE) and answer (the 200 OK)
 * in wall-clock microseconds, and whether it ran to the end (BYE answered).
 *
 * <pre>
 * S;17;1796627088.000000;772748.000000    call 17 starts (gettimeofday seconds; microseconds)
 * A;17;1796627088.000000;775597.000000    its 200 OK arrives
 * E;17                                    its BYE was answered: the call succeeded
 * </pre>
 */
final class CallTimeline {
  /** One call; {@code answeredMicros} is -1 without a 200 OK. */
  record CallRecord(long startMicros, long answeredMicros, boolean ended) {
    boolean failed() {
      return !ended || answeredMicros < 0;
    }

    double setupMillis() {
      return answeredMicros < 0 ? Double.NaN : (answeredMicros - startMicros) / 1000.0;
    }
  }

  private CallTimeline() {}

  /** Every call logged in {@code dir}, in call-number order. */
  static List<CallRecord> read(Path dir) throws IOException {
    Map<Long, long[]> calls = new TreeMap<>(); // call -> {start, answered, ended}
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*_logs.log")) {
      for (Path f : files) {
        for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
          String[] c = line.strip().split(";");
          if (c.length < 2 || c[0].length() != 1) {
            continue;
          }
          long[] r = calls.computeIfAbsent(Long.parseLong(c[1]), k -> new long[] {-1, -1, 0});
          switch (c[0]) {
            case "S" -> r[0] = micros(c[2], c[3]);
            case "A" -> r[1] = micros(c[2], c[3]);
            case "E" -> r[2] = 1;
            default -> {
              // not one of ours
            }
          }
        }
      }
    }
    List<CallRecord> out = new ArrayList<>();
    for (long[] r : calls.values()) {
      if (r[0] >= 0) {
        out.add(new CallRecord(r[0], r[1], r[2] == 1));
      }
    }
    return out;
  }

  /** sipp prints the two gettimeofday fields as doubles ("1796627088.000000"). */
  private static long micros(String seconds, String micros) {
    return (long) Double.parseDouble(seconds) * 1_000_000L + (long) Double.parseDouble(micros);
  }
}
