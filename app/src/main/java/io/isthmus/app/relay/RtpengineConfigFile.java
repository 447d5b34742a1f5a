package io.isthmus.app.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one section of an rtpengine.conf: the GLib key-file format rtpengine uses ({@code
 * [section]} headers, {@code key = value} lines, {@code #} and {@code ;} comments, list values
 * separated by {@code ;} as in {@code interface = internal/10.0.0.1;external/192.0.2.1}).
 *
 * <p>Only the wanted section is returned; keys keep the line they were read from, so later errors
 * can name file, line and key.
 */
public final class RtpengineConfigFile {
  private RtpengineConfigFile() {}

  /** A {@code key = value} line of the section. */
  public record Entry(String key, String value, int line) {}

  /**
   * The entries of {@code section} in file order; a key given twice keeps its last value, as GLib
   * does.
   *
   * @throws RelayOptionsException when the file cannot be read, the section is missing, or a line
   *     is neither a comment, a section header nor a key = value pair
   */
  public static Map<String, Entry> read(Path file, String section) throws RelayOptionsException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RelayOptionsException(file + ": cannot read the config file: " + e.getMessage());
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    String current = null;
    boolean found = false;
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        if (!line.endsWith("]")) {
          throw new RelayOptionsException(
              file + ":" + lineNo + ": section header without closing ']': " + line);
        }
        current = line.substring(1, line.length() - 1).strip();
        found |= current.equals(section);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new RelayOptionsException(
            file + ":" + lineNo + ": expected 'key = value', found: " + line);
      }
      if (current == null) {
        throw new RelayOptionsException(
            file + ":" + lineNo + ": key outside of any [section]: " + line);
      }
      if (current.equals(section)) {
        String key = line.substring(0, eq).strip();
        entries.put(key, new Entry(key, line.substring(eq + 1).strip(), lineNo));
      }
    }
    if (!found) {
      throw new RelayOptionsException(file + ": no [" + section + "] section");
    }
    return entries;
  }
}
