package io.isthmus.app.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain text table: a header row and left-aligned columns two spaces apart, no trailing blanks,
 * so that {@code awk '{print $1}'} and {@code column -t} work on it.
 */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... headers) {
    this.columns = headers.length;
    rows.add(headers);
  }

  Table row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException(cells.length + " cells for " + columns + " columns");
    }
    rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toArray(String[]::new));
    return this;
  }

  /** Rows without the header. */
  int size() {
    return rows.size() - 1;
  }

  void print(PrintWriter out) {
    print(out, 0);
  }

  /** The rows without the header line (the column widths still count it). */
  void printRows(PrintWriter out) {
    print(out, 1);
  }

  private void print(PrintWriter out, int from) {
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows.subList(from, rows.size())) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.repeat(' ', width[i] - row[i].length() + 2);
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
