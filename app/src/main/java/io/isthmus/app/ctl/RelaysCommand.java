package io.isthmus.app.ctl;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * {@code ctl relays}: the external relay nodes with their state, since when, why, last round trip,
 * calls and pending deletes ({@code kamcmd rtpengine.show all}).
 */
@Command(
    name = "relays",
    mixinStandardHelpOptions = true,
    footer = CtlCommand.EXIT_CODES,
    description = {
      "List the relay nodes the proxy drives over NG (GET /api/relays): per node its state (up: "
          + "takes new calls; draining: no new calls, see `ctl relay drain`; down: pinged until "
          + "it answers), for how long, why it went down, "
          + "the round trip of its last reply, its calls and the deletes waiting for it."
    })
final class RelaysCommand extends CtlOperation {

  @Override
  int run(AdminClient admin) throws AdminClient.Unreachable {
    return finish(admin.get("api/relays"));
  }

  @Override
  void render(JsonNode json, PrintWriter out) {
    Table table =
        new Table("NODE", "WEIGHT", "STATE", "SINCE", "RTT", "CALLS", "ORPHANS", "REASON");
    for (JsonNode n : json.path("nodes")) {
      JsonNode since = n.path("sinceSeconds");
      JsonNode rtt = n.path("lastRttMs");
      table.row(
          Text.of(n.path("address")),
          Text.of(n.path("weight")),
          Text.of(n.path("state")),
          since.isNumber() ? since.asString() + " s" : "start",
          rtt.isNumber() ? rtt.asString() + " ms" : "-",
          Text.of(n.path("calls")),
          Text.of(n.path("orphans")),
          n.path("reason").asString("").isEmpty() ? "-" : n.path("reason").asString());
    }
    if (table.size() == 0) {
      out.println("no relay nodes (the relay runs in process)");
    } else {
      table.print(out);
    }
    out.println("calls ended by the relay: " + json.path("callsEndedByRelay").asString("0"));
  }
}
