package io.isthmus.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results file the HTML report reads: UTF-8 text, one record per line, fields separated by a
 * tab; blank lines and lines starting with {@code #} are ignored.
 *
 * <pre>
 * title   TEXT                                   the report's heading (the last one wins)
 * note    TEXT                                   a paragraph under it (any number)
 * plot    ID  TITLE  X-LABEL  Y-LABEL [log]      a chart; "log" draws the y axis logarithmic
 * point   ID  SERIES  X  Y                       one measurement of SERIES on chart ID
 * </pre>
 *
 * Several {@code point} lines with the same chart, series and x are repetitions: the chart draws
 * their median and a bar from the lowest to the highest. Charts appear in the order of their {@code
 * plot} lines, series in the order of their first point. Numbers use a dot as decimal separator;
 * {@code NaN} points are skipped.
 */
public record SeriesFile(String title, List<String> notes, List<Plot> plots) {

  /** One chart and its points per series, in file order. */
  public record Plot(
      String id,
      String title,
      String xLabel,
      String yLabel,
      boolean logarithmic,
      Map<String, List<double[]>> points) {}

  /** Reads a file in the format above; a malformed line fails with its file and line number. */
  public static SeriesFile read(Path file) throws IOException {
    return parse(Files.readAllLines(file), file.toString());
  }

  static SeriesFile parse(List<String> lines, String source) {
    String title = "Benchmark";
    List<String> notes = new ArrayList<>();
    Map<String, Plot> plots = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      String where = source + ":" + (i + 1) + ": ";
      switch (f[0]) {
        case "title" -> title = field(f, 1, where);
        case "note" -> notes.add(field(f, 1, where));
        case "plot" -> {
          String id = field(f, 1, where);
          boolean log = f.length > 5 && f[5].equals("log");
          plots.put(
              id,
              new Plot(
                  id,
                  field(f, 2, where),
                  field(f, 3, where),
                  field(f, 4, where),
                  log,
                  new LinkedHashMap<>()));
        }
        case "point" -> {
          Plot plot = plots.get(field(f, 1, where));
          if (plot == null) {
            throw new IllegalArgumentException(where + "point before its plot line: " + f[1]);
          }
          double x = number(field(f, 3, where), where);
          double y = number(field(f, 4, where), where);
          if (!Double.isNaN(x) && !Double.isNaN(y)) {
            plot.points()
                .computeIfAbsent(field(f, 2, where), k -> new ArrayList<>())
                .add(new double[] {x, y});
          }
        }
        default -> throw new IllegalArgumentException(where + "unknown record " + f[0]);
      }
    }
    return new SeriesFile(title, notes, List.copyOf(plots.values()));
  }

  /** The format's {@code point} line. */
  public static String point(String plot, String series, double x, double y) {
    return String.format(Locale.ROOT, "point\t%s\t%s\t%s\t%s", plot, series, num(x), num(y));
  }

  /** The format's {@code plot} line. */
  public static String plot(String id, String title, String x, String y, boolean log) {
    return String.join("\t", "plot", id, title, x, y) + (log ? "\tlog" : "");
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "NaN";
  }

  private static String field(String[] f, int i, String where) {
    if (f.length <= i) {
      throw new IllegalArgumentException(where + "missing field " + i + " of " + f[0]);
    }
    return f[i];
  }

  private static double number(String s, String where) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + "not a number: " + s);
    }
  }
}
