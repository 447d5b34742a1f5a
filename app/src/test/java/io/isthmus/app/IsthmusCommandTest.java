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
  void proxySaysWhatIsNotBuiltAndExitsWithNotBuilt() {
    assertThat(execute("proxy")).isEqualTo(Isthmus.EXIT_NOT_BUILT);
    assertThat(out.toString())
        .contains("[built] SIP grammar")
        .contains("[built] media relay")
        .contains("[not built yet] SIP proxy")
        .contains("nothing was started");
  }

  @Test
  void runServesTheReferenceScenariosRelay() {
    var settings = RunCommand.referenceRelay();
    assertThat(settings.relay().interfaces())
        .extracting(i -> i.toSpec())
        .containsExactly("public/127.0.1.1", "private/127.0.2.1");
    assertThat(settings.listenNg().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(settings.listenNg().getPort()).isEqualTo(22222);
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
