package io.isthmus.app;

import io.isthmus.app.migrate.MigrationDraft;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus migrate kamailio.cfg [rtpengine.conf]}: drafts an isthmus.yaml from a Kamailio
 * dispatcher + rtpengine configuration (docs/migrating.md), and lists what it could not map and
 * what it guessed. Reads the files, writes the draft; starts nothing.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Draft an isthmus.yaml from a Kamailio config (dispatcher + rtpengine modules) and,"
          + " optionally, an rtpengine.conf.",
      "The draft goes to stdout (or --output); what has no equivalent, and what was guessed, to"
          + " stderr and as comments at the end of the draft. See docs/migrating.md."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:drafted (check the notes, then run isthmus check)",
      "1:the files could not be read or hold nothing to migrate",
      "2:usage error"
    })
final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "KAMAILIO_CFG", description = "The kamailio.cfg.")
  Path kamailio;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "RTPENGINE_CONF",
      description =
          "The rtpengine.conf: with it the relay runs in process with its settings; without it"
              + " the proxy keeps driving the rtpengines of rtpengine_sock over NG.")
  Path rtpengine;

  @Option(
      names = "--rtpengine-section",
      paramLabel = "NAME",
      defaultValue = "rtpengine",
      description = "The section of the rtpengine.conf to read (default ${DEFAULT-VALUE}).")
  String section = "rtpengine";

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the draft to FILE instead of stdout.")
  Path output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MigrationDraft.Result r;
    try {
      r = MigrationDraft.draft(kamailio, rtpengine, section);
    } catch (IOException e) {
      err.println("isthmus migrate: cannot read " + e.getMessage());
      err.flush();
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("isthmus migrate: " + e.getMessage());
      err.flush();
      return 1;
    }
    StringBuilder text = new StringBuilder(r.yaml());
    text.append("# Not mapped (").append(r.unmapped().size()).append("):\n");
    r.unmapped().forEach(n -> text.append("#   ").append(n).append('\n'));
    text.append("# Guessed, to check (").append(r.guesses().size()).append("):\n");
    r.guesses().forEach(n -> text.append("#   ").append(n).append('\n'));
    if (output != null) {
      try {
        Files.writeString(output, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("isthmus migrate: cannot write " + output + ": " + e.getMessage());
        err.flush();
        return 1;
      }
      out.println("drafted " + output);
    } else {
      out.print(text);
    }
    out.flush();
    r.unmapped().forEach(n -> err.println("not mapped: " + n));
    r.guesses().forEach(n -> err.println("check: " + n));
    err.println("next: isthmus check --config " + (output != null ? output : "FILE"));
    err.flush();
    return 0;
  }
}
