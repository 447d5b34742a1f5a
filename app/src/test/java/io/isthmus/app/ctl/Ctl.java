package io.isthmus.app.ctl;

import io.isthmus.app.Isthmus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code isthmus ctl ...} in process and keeps its exit code, stdout and stderr. */
record Ctl(int exit, String out, String err) {

  static Ctl run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Isthmus.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "ctl";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = cli.execute(all);
    return new Ctl(exit, out.toString(), err.toString());
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  List<String> errLines() {
    return err.lines().toList();
  }

  /** The cells of a table line: columns are two or more spaces apart. */
  static List<String> cells(String line) {
    return Arrays.asList(line.strip().split(" {2,}"));
  }
}
