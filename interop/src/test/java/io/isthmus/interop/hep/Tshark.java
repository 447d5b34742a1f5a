package io.isthmus.interop.hep;

import io.isthmus.testkit.ExternalProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the Debian tshark over a pcap file with the test's HEP3 dissector ({@code hep/hep3.lua}) and
 * returns one map of field to value per frame ({@code -T fields}, every occurrence of a field
 * joined with ',').
 */
final class Tshark {
  static final Path BINARY = Path.of(System.getProperty("interop.tshark", "/usr/bin/tshark"));
  static final String SEPARATOR = "\u0001";

  private Tshark() {}

  static List<Map<String, String>> fields(Path pcap, Path work, List<String> fields)
      throws IOException, InterruptedException {
    Path lua = work.resolve("hep3.lua");
    try (var in = Tshark.class.getResourceAsStream("/hep/hep3.lua")) {
      Files.write(lua, in.readAllBytes());
    }
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            BINARY.toString(),
            "-n", // no name resolution: nothing is looked up
            "-r",
            pcap.toString(),
            "-X",
            "lua_script:" + lua,
            "-T",
            "fields",
            "-E",
            "separator=" + SEPARATOR,
            "-E",
            "occurrence=a",
            "-E",
            "aggregator=,"));
    for (String f : fields) {
      command.add("-e");
      command.add(f);
    }
    Path out = work.resolve("tshark.out");
    try (ExternalProcess tshark = ExternalProcess.start("tshark", command, work, out)) {
      int rc = tshark.waitFor(Duration.ofSeconds(60));
      if (rc != 0) {
        throw new AssertionError("tshark exited " + rc + "\n" + tshark.logTail(30));
      }
    }
    List<Map<String, String>> frames = new ArrayList<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      String[] cells = line.split(SEPARATOR, -1);
      if (cells.length != fields.size()) {
        continue; // a warning tshark printed (its stderr shares the log)
      }
      Map<String, String> frame = new LinkedHashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        frame.put(fields.get(i), cells[i]);
      }
      frames.add(frame);
    }
    return frames;
  }
}
