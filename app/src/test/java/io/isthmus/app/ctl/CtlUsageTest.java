package io.isthmus.app.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of {@code isthmus ctl} without an endpoint: help, usage errors, endpoint. */
class CtlUsageTest {

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Ctl r = Ctl.run("--help");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("calls", "gateways", "gateway", "reload", "terminate", "stats", "trace", "health")
        .contains("Exit codes:")
        .contains("0   the operation succeeded")
        .contains("3   the admin endpoint is unreachable");
  }

  @Test
  void everyCommandHasHelp() {
    for (List<String> command :
        List.of(
            List.of("calls"),
            List.of("gateways"),
            List.of("gateway"),
            List.of("gateway", "set"),
            List.of("reload"),
            List.of("terminate"),
            List.of("stats"),
            List.of("trace"),
            List.of("health"))) {
      String[] args = new String[command.size() + 1];
      command.toArray(args);
      args[command.size()] = "--help";
      Ctl r = Ctl.run(args);
      assertThat(r.exit()).as(command.toString()).isZero();
      assertThat(r.out())
          .as(command.toString())
          .startsWith("Usage: isthmus ctl ")
          .contains("Exit codes: 0 ok, 1 the operation failed");
    }
  }

  @Test
  void ctlAloneOrAnUnknownCommandIsAUsageError() {
    assertThat(Ctl.run().exit()).isEqualTo(CtlCommand.EXIT_USAGE);
    assertThat(Ctl.run("frobnicate").exit()).isEqualTo(CtlCommand.EXIT_USAGE);
    assertThat(Ctl.run("gateway").exit()).isEqualTo(CtlCommand.EXIT_USAGE);
    assertThat(Ctl.run("terminate").exit()).isEqualTo(CtlCommand.EXIT_USAGE);
    assertThat(Ctl.run("trace", "x", "maybe").exit()).isEqualTo(CtlCommand.EXIT_USAGE);
    assertThat(Ctl.run("gateway", "set", "two", "sip:a", "active").exit())
        .isEqualTo(CtlCommand.EXIT_USAGE);
  }

  @Test
  void anAdminUrlThatIsNotHttpIsAUsageError() {
    Ctl r = Ctl.run("--admin", "ftp://127.0.0.1/", "health");

    assertThat(r.exit()).isEqualTo(CtlCommand.EXIT_USAGE);
    assertThat(r.errLines())
        .containsExactly(
            "isthmus ctl: --admin ftp://127.0.0.1/ is not an http(s) URL"
                + " (expected e.g. http://127.0.0.1:8080/)");
  }

  @Test
  void nothingListeningIsExitCode3() {
    // Port 9 (discard) on loopback: nothing listens there on a test machine.
    Ctl r = Ctl.run("--admin", "http://127.0.0.1:9", "stats");

    assertThat(r.exit()).isEqualTo(CtlCommand.EXIT_UNREACHABLE);
    assertThat(r.errLines())
        .containsExactly(
            "isthmus ctl: admin endpoint http://127.0.0.1:9/ unreachable: connection refused");
  }

  @Test
  void theEndpointComesFromAdminThenTheConfigThenTheDefault(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("isthmus.yaml");
    Files.writeString(config, "networks: {}\nadmin:\n  listen: 127.0.0.5:9090\n");
    assertThat(AdminEndpoint.resolve("http://10.0.0.1:81", config))
        .hasToString("http://10.0.0.1:81/");
    assertThat(AdminEndpoint.resolve(null, config)).hasToString("http://127.0.0.5:9090/");
    assertThat(AdminEndpoint.resolve(null, null)).hasToString("http://127.0.0.1:8080/");
    Files.writeString(config, "networks: {}\n");
    assertThat(AdminEndpoint.resolve(null, config)).hasToString("http://127.0.0.1:8080/");
  }

  @Test
  void aWildcardListenAddressIsReachedOnLoopback() {
    Path f = Path.of("isthmus.yaml");
    assertThat(AdminEndpoint.fromListen("0.0.0.0:8080", f)).hasToString("http://127.0.0.1:8080/");
    assertThat(AdminEndpoint.fromListen("[::]:8080", f))
        .hasToString("http://[0:0:0:0:0:0:0:1]:8080/");
    assertThat(AdminEndpoint.fromListen("[::1]:8081", f))
        .hasToString("http://[0:0:0:0:0:0:0:1]:8081/");
  }

  @Test
  void anUnusableListenAddressInTheConfigIsAUsageError(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("isthmus.yaml");
    Files.writeString(config, "admin:\n  listen: admin.example.com:8080\n");

    Ctl r = Ctl.run("--config", config.toString(), "health");

    assertThat(r.exit()).isEqualTo(CtlCommand.EXIT_USAGE);
    assertThat(r.errLines())
        .containsExactly(
            "isthmus ctl: --config "
                + config
                + ": admin.listen admin.example.com:8080 is not an address:port");
    Files.writeString(config, "admin:\n  listen: 127.0.0.1:0\n");
    assertThat(Ctl.run("--config", config.toString(), "health").err())
        .contains("has no fixed port; give the endpoint with --admin");
  }

  @Test
  void pathSegmentsArePercentEncoded() {
    assertThat(AdminClient.segment("a84b@pc33;x=1/2 é"))
        .isEqualTo("a84b%40pc33%3Bx%3D1%2F2%20%C3%A9");
    assertThat(AdminClient.segment("sip:127.0.2.11:5060")).isEqualTo("sip%3A127.0.2.11%3A5060");
  }
}
