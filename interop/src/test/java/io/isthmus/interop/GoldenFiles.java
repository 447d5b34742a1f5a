package io.isthmus.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * rtpengine's normalised replies per scenario, checked in under {@code
 * src/test/resources/rtpengine-golden/}. They document what the reference does for each scenario
 * (for the relay's authors and reviewers) and pin the harness: a change in rtpengine's output, or
 * in the normaliser, shows up as a failing golden comparison. Regenerate with {@code
 * -Dinterop.updateGolden=true}.
 */
final class GoldenFiles {
  private GoldenFiles() {}

  static final String RESOURCE_DIR = "rtpengine-golden/";

  static boolean updating() {
    return Boolean.getBoolean("interop.updateGolden");
  }

  /** The checked-in text for {@code scenario}, or null. */
  static String read(String scenario) throws IOException {
    try (InputStream in =
        GoldenFiles.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + scenario + ".txt")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Writes the live text under target/ (always) and into the sources when updating. */
  static void write(String scenario, String text) throws IOException {
    Path actual = Interop.workDir().resolve("rtpengine-actual").resolve(scenario + ".txt");
    Files.createDirectories(actual.getParent());
    Files.writeString(actual, text);
    if (updating()) {
      Path dir = Path.of(System.getProperty("interop.goldenDir"));
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(scenario + ".txt"), text);
    }
  }
}
