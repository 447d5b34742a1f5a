package io.isthmus.proxy.dispatcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Kamailio dispatcher list file ({@code dispatcher.list}):
 *
 * <pre>
 * # comment
 * setid destination [flags [priority [attrs]]]
 * 1 sip:127.0.0.1:5080 0 0 duid=abc;socket=udp:192.168.0.125:5060;my=xyz
 * </pre>
 *
 * Fields are separated by spaces or tabs; a {@code #} at the start of a field starts a comment that
 * runs to the end of the line. Unlike Kamailio, which reads digits until the first other character
 * and logs bad lines, every field is checked whole and the first error stops the load with a
 * message naming file, line and field ({@code dispatcher.list line 7: priority 'x' is not a
 * number}), so a reload never half-applies a broken file.
 */
public final class ListFileParser {
  private ListFileParser() {}

  /** Reads and parses a list file; errors use the file name (not the full path) as source. */
  public static DispatcherList parse(Path file) throws IOException, DispatcherConfigException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return parse(String.valueOf(file.getFileName()), text);
  }

  /** Parses list-file text; {@code source} names it in errors. */
  public static DispatcherList parse(String source, String text) throws DispatcherConfigException {
    DispatcherList.Builder builder = new DispatcherList.Builder(source);
    String[] lines = text.split("\r\n|\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      List<String> fields = fields(lines[i]);
      if (fields.isEmpty()) {
        continue;
      }
      if (fields.size() > 5) {
        throw new DispatcherConfigException(
            source, lineNo, "attrs", "unexpected '" + fields.get(5) + "' after the attrs");
      }
      int setId = number(source, lineNo, "setid", fields.get(0), false);
      if (fields.size() < 2) {
        throw new DispatcherConfigException(
            source, lineNo, "destination", "destination is missing");
      }
      int flags = fields.size() > 2 ? flags(builder, source, lineNo, fields.get(2)) : 0;
      int priority =
          fields.size() > 3 ? number(source, lineNo, "priority", fields.get(3), true) : 0;
      String attrs = fields.size() > 4 ? fields.get(4) : "";
      builder.add(lineNo, setId, fields.get(1), flags, priority, attrs);
    }
    return builder.build();
  }

  /** Splits on blanks, stopping at a field that starts with '#'. */
  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>(5);
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && isBlank(line.charAt(i))) {
        i++;
      }
      if (i == n || line.charAt(i) == '#') {
        break;
      }
      int start = i;
      while (i < n && !isBlank(line.charAt(i))) {
        i++;
      }
      out.add(line.substring(start, i));
    }
    return out;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * Kamailio's number, or the state letters people copy from {@code kamcmd} ({@code ap}, {@code
   * flags=ip}): accepted with a warning, since Kamailio would refuse the line.
   */
  private static int flags(DispatcherList.Builder builder, String source, int line, String text)
      throws DispatcherConfigException {
    if (Numbers.parseInt(text, false) != null) {
      return number(source, line, "flags", text, false);
    }
    Integer letters = GatewayFlags.fromLetters(text);
    if (letters == null) {
      throw new DispatcherConfigException(
          source,
          line,
          "flags",
          "flags '"
              + text
              + "' is not a number nor state letters (expected e.g. 8, or a, i, d, t, p as"
              + " kamcmd writes them: ap)");
    }
    builder.warn(
        line,
        "flags",
        "'"
            + text
            + "' read as "
            + letters
            + "; Kamailio would refuse this line (its list files take numbers only: write "
            + letters
            + ")");
    return letters;
  }

  private static int number(String source, int line, String field, String text, boolean signed)
      throws DispatcherConfigException {
    Integer v = Numbers.parseInt(text, signed);
    if (v == null) {
      throw new DispatcherConfigException(
          source, line, field, field + " '" + text + "' is not a number");
    }
    return v;
  }
}
