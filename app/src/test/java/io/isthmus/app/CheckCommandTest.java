package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = Isthmus.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void validConfigPrintsOkAndTheCallPathsAndExitsZero() {
    int code = execute("check", "--config", "../config/isthmus.yaml");

    assertThat(code).isZero();
    assertThat(out.toString().lines())
        .containsExactly(
            "config OK: ../config/isthmus.yaml",
            "calls from public (127.0.1.0/24) go to set 2 on private via 127.0.2.1, media"
                + " public<->private",
            "calls from private (127.0.2.0/24) go to set 1 on public via 127.0.1.1, media"
                + " private<->public");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void invalidConfigPrintsEachErrorAndExitsOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "networks: {}\nrelay:\n  port-min: 0\n");

    int code = execute("check", "--config", file.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().lines())
        .containsExactly(
            "bad.yaml:1: networks: no network (expected at least one)",
            "bad.yaml:1: dispatcher: missing (expected the gateway sets: list-file or sets)",
            "bad.yaml:3: relay.port-min: 0 is not a media port (expected 1024-65535)",
            "config invalid: " + file + " (3 errors)");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void missingConfigOptionIsAUsageError() {
    assertThat(execute("check")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
  }

  @Test
  void helpDocumentsTheExitCodes() {
    assertThat(execute("check", "--help")).isZero();
    assertThat(out.toString())
        .contains("0   the config is valid")
        .contains("1   the config is invalid")
        .contains("2   usage error");
  }
}
