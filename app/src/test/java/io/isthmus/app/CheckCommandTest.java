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
  void theHaConfigNamesItsRedis() {
    int code = execute("check", "--config", "../config/isthmus-ha.yaml");

    assertThat(code).isZero();
    assertThat(out.toString().lines())
        .contains(
            "ha: proxy dialogs in redis 127.0.0.1:6379/0 as node proxy-a (ttl margin 1m, queue"
                + " 100000 keys; the in-process relay of isthmus run: its calls, relay node"
                + " proxy-a)");
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
  void hostNameGatewaysAreResolvedAndOneThatResolvesToNothingFailsTheCheck(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("named.yaml");
    Files.writeString(
        file,
        """
        networks:
          public:
            sip:
              - address: 127.0.1.1
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
          private:
            sip:
              - address: 127.0.2.1
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
        dispatcher:
          sets:
            1: [sip:127.0.1.11]
            2: [sip:carrier.check.test, sip:missing.check.test]
          dns:
            servers: [127.0.0.1:25355]
            timeout: 500ms
        """);
    try (io.isthmus.testkit.DnsmasqProcess dns =
        io.isthmus.testkit.DnsmasqProcess.start(
            dir.resolve("dnsmasq"),
            25355,
            60,
            java.util.List.of(
                "--srv-host=_sip._udp.carrier.check.test,gw1.check.test,5070,10,0",
                "--host-record=gw1.check.test,127.0.2.11"))) {
      int code = execute("check", "--config", file.toString());

      assertThat(code).isEqualTo(1);
      assertThat(dns.queries()).as("the check asked the test's dnsmasq").isPositive();
      assertThat(out.toString().lines())
          .contains(
              "DNS: 127.0.0.1:25355, timeout 500 ms",
              "gateway sip:carrier.check.test (set 2) resolves to:",
              "  udp:127.0.2.11:5070 (SRV _sip._udp.carrier.check.test (priority 10, weight 0) ->"
                  + " A/AAAA gw1.check.test)");
      assertThat(err.toString().lines())
          .containsExactly(
              "gateway sip:missing.check.test (set 2): resolves to nothing",
              "gateways unusable: 1 host name resolves to nothing; every call to them would fail");
    }
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
