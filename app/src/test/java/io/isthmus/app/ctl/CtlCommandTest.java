package io.isthmus.app.ctl;

import static io.isthmus.app.ctl.Ctl.cells;
import static io.isthmus.app.ctl.LiveProduct.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code isthmus ctl} command against the running product (proxy and relay, SIP 26560, NG
 * 26622, admin 26680, relay 48300-48399, gateways on 26570), with the lines and exit codes scripts
 * see.
 */
class CtlCommandTest {
  private static final LiveProduct.Ports PORTS =
      new LiveProduct.Ports(26560, 26570, 26622, 26680, 48300, 48399);
  private static final String ISO_INSTANT = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";

  private LiveProduct live;
  private String admin;

  @BeforeEach
  void start() throws Exception {
    live = new LiveProduct(PORTS);
    admin = live.adminUrl;
  }

  @AfterEach
  void stop() throws Exception {
    live.close();
  }

  private Ctl ctl(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--admin";
    all[1] = admin;
    System.arraycopy(args, 0, all, 2, args.length);
    return Ctl.run(all);
  }

  @Test
  void callsListsTheCallWithBothLegsAndTheirMediaCounters() throws Exception {
    LiveProduct.PlacedCall call = live.placeCall("ctl-call-1", 5);
    String gateway = "sip:" + call.callee().hostPort();

    Ctl r = ctl("calls");

    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.outLines();
    assertThat(lines).hasSize(6);
    assertThat(cells(lines.get(0)))
        .containsExactly("CALL-ID", "STATE", "FROM", "TO", "SET", "GATEWAY", "CREATED", "TRACE");
    List<String> row = cells(lines.get(1));
    assertThat(row.subList(0, 6))
        .containsExactly("ctl-call-1", "answered", "public", "private", "2", gateway);
    assertThat(row.get(6)).matches(ISO_INSTANT);
    assertThat(row.get(7)).isEqualTo("off");
    assertThat(lines.get(2)).isEmpty();
    assertThat(cells(lines.get(3)))
        .containsExactly(
            "CALL-ID", "LEG", "TAG", "M", "MEDIA", "PORT", "PEER", "PACKETS", "BYTES", "ERRORS",
            "LAST", "RTCP");
    // 5 packets of 12 header + 160 payload bytes from each party; the ages vary, so not exact.
    List<List<String>> media =
        lines.subList(4, 6).stream().map(l -> cells(l.replaceAll("\\d+\\.\\ds ", "AGE "))).toList();
    assertThat(media)
        .anySatisfy(m -> assertThat(m.subList(1, 3)).containsExactly("public", "alice-ctl-call-1"));
    // The callee's tag as the relay names it once the answer came: the gateway's To tag.
    assertThat(media.stream().map(m -> m.get(2)))
        .anySatisfy(tag -> assertThat(tag).isIn("gw21-tag", "gw22-tag"));
    assertThat(media.stream().map(m -> withoutTag(m)))
        .containsExactlyInAnyOrder(
            List.of(
                "ctl-call-1",
                "public",
                "1",
                "audio",
                String.valueOf(call.relayForCaller()),
                "127.0.1.100:" + call.callerRtp().getPort(),
                "5",
                "860",
                "0",
                "AGE",
                "0"),
            List.of(
                "ctl-call-1",
                "private",
                "1",
                "audio",
                String.valueOf(call.relayForCallee()),
                call.calleeRtp().getAddress().getHostAddress() + ":" + call.calleeRtp().getPort(),
                "5",
                "860",
                "0",
                "AGE",
                "0"));
    assertThat(r.err()).isEmpty();
  }

  private static List<String> withoutTag(List<String> row) {
    List<String> out = new java.util.ArrayList<>(row);
    out.remove(2);
    return out;
  }

  @Test
  void callsWithoutCallsSaysSo() {
    Ctl r = ctl("calls");

    assertThat(r.exit()).isZero();
    assertThat(r.outLines()).containsExactly("no calls");
  }

  @Test
  void jsonPrintsTheApiReplyAndWorksAfterTheSubcommandToo() throws Exception {
    live.placeCall("ctl-json-1", 2);

    Ctl r = Ctl.run("calls", "--json", "--admin", admin);

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = JsonMapper.builder().build().readTree(r.out());
    assertThat(json.path("count").asInt()).isEqualTo(1);
    assertThat(json.path("calls").get(0).path("callId").asString()).isEqualTo("ctl-json-1");
  }

  @Test
  void gatewaysListsEverySetWithStateProbeAndLatency() {
    // Every gateway answers its probe; wait for the first round to have come back.
    assertThat(eventually(() -> !ctl("gateways").out().contains("never"))).isTrue();

    Ctl r = ctl("gateways");

    assertThat(r.exit()).isZero();
    List<String> lines = r.outLines();
    assertThat(cells(lines.get(0)))
        .containsExactly("SET", "URI", "STATE", "FLAGS", "CALLS", "PROBE", "LATENCY");
    assertThat(lines.subList(1, lines.size()).stream().map(l -> cells(l).subList(0, 6)))
        .containsExactlyInAnyOrder(
            List.of("1", "sip:127.0.1.11:26570", "active", "AX", "0", "200"),
            List.of("2", "sip:127.0.2.11:26570", "active", "AX", "0", "200"),
            List.of("2", "sip:127.0.2.12:26570", "active", "AX", "0", "200"));
    assertThat(lines.subList(1, lines.size()))
        .allSatisfy(l -> assertThat(cells(l).get(6)).matches("\\d+\\.\\d+ ms"));
  }

  @Test
  void gatewaysShowsAMutedGatewayAsInactiveAfterItsProbesTimeOut() {
    live.gw22.mute(true);

    assertThat(eventually(() -> ctl("gateways").out().contains("inactive"))).isTrue();

    List<String> row =
        ctl("gateways").outLines().stream()
            .filter(l -> l.contains("127.0.2.12"))
            .map(Ctl::cells)
            .findFirst()
            .orElseThrow();
    // A timed-out probe has no latency to show.
    assertThat(row)
        .containsExactly("2", "sip:127.0.2.12:26570", "inactive", "IP", "0", "timeout", "-");
  }

  @Test
  void gatewaySetChangesTheStateAndTheListShowsIt() {
    Ctl r = ctl("gateway", "set", "2", "sip:127.0.2.11:26570", "disabled");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.outLines()).containsExactly("set 2 gateway sip:127.0.2.11:26570: disabled");
    assertThat(ctl("gateways").outLines())
        .anySatisfy(
            l ->
                assertThat(cells(l).subList(0, 3))
                    .containsExactly("2", "sip:127.0.2.11:26570", "disabled"));
  }

  @Test
  void gatewaySetOfAnUnknownGatewayFailsWithExitCode1() {
    Ctl r = ctl("gateway", "set", "2", "sip:127.0.2.99:26570", "inactive");

    assertThat(r.exit()).isEqualTo(CtlCommand.EXIT_FAILED);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .containsExactly("isthmus ctl set: no gateway sip:127.0.2.99:26570 in set 2");
  }

  @Test
  void gatewaySetOfAnUnknownStateIsAUsageErrorAndSendsNothing() {
    Ctl r = ctl("gateway", "set", "2", "sip:127.0.2.11:26570", "down");

    assertThat(r.exit()).isEqualTo(CtlCommand.EXIT_USAGE);
    assertThat(r.err())
        .contains("unknown state 'down' (expected one of active, inactive, probing, disabled)");
    assertThat(ctl("gateways").out()).doesNotContain("disabled").doesNotContain("inactive");
  }

  @Test
  void statsShowsTheTotals() throws Exception {
    live.placeCall("ctl-stats-1", 5);

    Ctl r = ctl("stats");

    assertThat(r.exit()).as(r.err()).isZero();
    List<List<String>> rows = r.outLines().stream().map(Ctl::cells).toList();
    assertThat(rows.stream().map(List::getFirst))
        .containsExactly(
            "uptime",
            "calls active",
            "calls total",
            "sip requests",
            "sip responses received",
            "sip responses sent",
            "ng commands",
            "media sessions",
            "packets relayed",
            "bytes relayed",
            "packets dropped",
            "ports in use");
    assertThat(rows.get(0).get(1)).matches("\\d+ s");
    assertThat(rows.get(1)).containsExactly("calls active", "1 (1 answered, 0 setting up)");
    assertThat(rows.get(2)).containsExactly("calls total", "1 (1 answered)");
    // Methods never seen are left out; OPTIONS from probes may or may not have come back yet.
    assertThat(rows.get(3).get(1)).contains("INVITE 1").contains("ACK 1").doesNotContain(" 0");
    assertThat(rows.get(6).get(1)).contains("offer 1").contains("answer 1");
    assertThat(rows.get(7)).containsExactly("media sessions", "1");
    assertThat(rows.get(8)).containsExactly("packets relayed", "10");
    assertThat(rows.get(9)).containsExactly("bytes relayed", "1720");
    assertThat(rows.get(10)).containsExactly("packets dropped", "0");
    // One audio stream per leg: an RTP and an RTCP port on each side, of 100 per interface.
    assertThat(rows.get(11)).containsExactly("ports in use", "4 of 200");
  }

  @Test
  void terminateEndsAnAnsweredCallAndItLeavesTheList() throws Exception {
    live.placeCall("ctl-end-1", 1);

    Ctl r = ctl("terminate", "ctl-end-1");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.outLines())
        .containsExactly("terminated ctl-end-1 (proxy: bye-sent, media: deleted)");
    assertThat(eventually(() -> ctl("calls").outLines().equals(List.of("no calls")))).isTrue();
  }

  @Test
  void terminateOfAnUnknownCallFailsWithExitCode1() {
    Ctl r = ctl("terminate", "no-such-call@example.com");

    assertThat(r.exit()).isEqualTo(CtlCommand.EXIT_FAILED);
    assertThat(r.errLines())
        .containsExactly("isthmus ctl terminate: no call no-such-call@example.com");
  }

  @Test
  void traceSwitchesOnAndOffAndCallsShowsIt() throws Exception {
    live.placeCall("ctl-trace-1@host", 1);

    Ctl on = ctl("trace", "ctl-trace-1@host", "on");

    assertThat(on.exit()).as(on.err()).isZero();
    assertThat(on.outLines()).containsExactly("trace on for ctl-trace-1@host");
    assertThat(cells(ctl("calls").outLines().get(1)).getLast()).isEqualTo("on");
    Ctl off = ctl("trace", "ctl-trace-1@host", "off");
    assertThat(off.outLines()).containsExactly("trace off for ctl-trace-1@host");
    assertThat(cells(ctl("calls").outLines().get(1)).getLast()).isEqualTo("off");
  }

  @Test
  void reloadOfAValidFileSaysWhatItApplied() throws Exception {
    Files.writeString(
        live.file,
        LiveProduct.config(PORTS)
            .replace(
                "2: [sip:127.0.2.11:26570, sip:127.0.2.12:26570]",
                "2: [sip:127.0.2.11:26570, sip:127.0.2.12:26570, sip:127.0.2.13:26570]"));

    Ctl r = ctl("reload");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.outLines()).containsExactly("reloaded " + live.file, "applied: dispatcher.sets");
    assertThat(ctl("gateways").out()).contains("sip:127.0.2.13:26570");
  }

  @Test
  void reloadOfAnInvalidFilePrintsEveryErrorAndExits1() throws Exception {
    String broken = LiveProduct.config(PORTS).replaceFirst("port: 26560", "port: 99999");
    Files.writeString(live.file, broken);

    Ctl r = ctl("reload");

    assertThat(r.exit()).isEqualTo(CtlCommand.EXIT_FAILED);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .containsExactly(
            "isthmus.yaml:5: networks.public.sip[0].port: 99999 is not a port (expected 1-65535)",
            "isthmus ctl reload: invalid config; the running config is unchanged");
  }

  @Test
  void healthSaysReady() {
    Ctl r = ctl("health");

    assertThat(r.exit()).isZero();
    assertThat(r.outLines()).containsExactly("ready");
  }

  @Test
  void theEndpointIsTakenFromTheConfigFile() {
    Ctl r = Ctl.run("--config", live.file.toString(), "health");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.outLines()).containsExactly("ready");
  }

  @Test
  void anUnreachableEndpointExits3() {
    live.product.close(); // nothing listens on the admin port any more

    for (String command : List.of("calls", "gateways", "stats", "health", "reload")) {
      Ctl r = ctl(command);
      assertThat(r.exit()).as(command).isEqualTo(CtlCommand.EXIT_UNREACHABLE);
      assertThat(r.errLines())
          .containsExactly(
              "isthmus ctl: admin endpoint " + admin + " unreachable: connection refused");
    }
  }
}
