package io.isthmus.app.ctl;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * {@code ctl gateways}: every gateway set with its gateways' state, probe outcome and latency, and
 * active calls ({@code kamcmd dispatcher.list}).
 */
@Command(
    name = "gateways",
    mixinStandardHelpOptions = true,
    footer = CtlCommand.EXIT_CODES,
    description = {
      "List the gateway sets (GET /api/gateways): per gateway its state (active, inactive, "
          + "probing, disabled), Kamailio's flags (A/I/T/D, then P probing or X), its active "
          + "calls, the last OPTIONS probe's status (timeout: no reply; never: not probed yet) "
          + "and its latency."
    })
final class GatewaysCommand extends CtlOperation {

  @Override
  int run(AdminClient admin) throws AdminClient.Unreachable {
    return finish(admin.get("api/gateways"));
  }

  @Override
  void render(JsonNode json, PrintWriter out) {
    Table table = new Table("SET", "URI", "STATE", "FLAGS", "CALLS", "PROBE", "LATENCY");
    for (JsonNode set : json.path("sets")) {
      for (JsonNode gw : set.path("gateways")) {
        JsonNode latency = gw.path("lastProbeLatencyMs");
        table.row(
            Text.of(set.path("id")),
            Text.of(gw.path("uri")),
            Text.of(gw.path("state")),
            Text.of(gw.path("flags")),
            Text.of(gw.path("activeCalls")),
            probe(gw.path("lastProbeStatus")),
            // A probe that timed out has no latency, only the wait: say nothing.
            latency.isNumber() && gw.path("lastProbeStatus").asInt(0) > 0
                ? latency.asString() + " ms"
                : "-");
      }
    }
    if (table.size() == 0) {
      out.println("no gateways");
    } else {
      table.print(out);
    }
  }

  /** The API's -1 (never probed) and 0 (no reply) in words; else the SIP status code. */
  private static String probe(JsonNode status) {
    if (!status.isNumber()) {
      return "-";
    }
    return switch (status.asInt()) {
      case -1 -> "never";
      case 0 -> "timeout";
      default -> status.asString();
    };
  }
}
