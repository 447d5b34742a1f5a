package io.isthmus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IsthmusCommandTest {

  private final StringWriter out = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = Isthmus.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    return cli.execute(args);
  }

  @Test
  void runWithABrokenConfigNamesTheErrorAndExits1() throws Exception {
    java.nio.file.Path bad = java.nio.file.Files.createTempFile("isthmus", ".yaml");
    try {
      java.nio.file.Files.writeString(bad, "networks:\n  public:\n    sip: 5\n");
      assertThat(execute("run", "--config", bad.toString())).isEqualTo(1);
      assertThat(out.toString())
          .contains(bad.getFileName() + ":3: networks.public.sip")
          .contains("nothing was started");
    } finally {
      java.nio.file.Files.delete(bad);
    }
  }

  @Test
  void helpListsEveryRole() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).contains("run").contains("proxy").contains("relay");
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(execute("frobnicate")).isEqualTo(2);
  }
}
