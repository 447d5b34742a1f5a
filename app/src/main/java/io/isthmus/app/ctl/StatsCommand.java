package io.isthmus.app.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code ctl stats}: the process's totals ({@code kamcmd stats.get_statistics all}). */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    footer = CtlCommand.EXIT_CODES,
    description = {
      "Show the totals (GET /api/stats): calls active and since start, SIP requests and "
          + "responses, NG commands, media sessions, packets and bytes relayed and dropped, "
          + "relay ports in use. Media lines are absent when the relay is external."
    })
final class StatsCommand extends CtlOperation {

  @Override
  int run(AdminClient admin) throws AdminClient.Unreachable {
    return finish(admin.get("api/stats"));
  }

  @Override
  void render(JsonNode json, PrintWriter out) {
    JsonNode calls = json.path("calls");
    JsonNode sip = json.path("sip");
    JsonNode ng = json.path("ng");
    Table t = new Table("STATISTIC", "VALUE");
    // One "name  value" line each, for people; scripts take --json.
    t.row("uptime", Text.of(json.path("uptimeSeconds")) + " s");
    t.row(
        "calls active",
        Text.of(calls.path("active"))
            + " ("
            + Text.of(calls.path("answered"))
            + " answered, "
            + Text.of(calls.path("settingUp"))
            + " setting up)");
    t.row(
        "calls total",
        Text.of(calls.path("total")) + " (" + Text.of(calls.path("answeredTotal")) + " answered)");
    t.row("sip requests", Text.of(sip.path("requestsTotal")) + breakdown(sip.path("requests")));
    t.row(
        "sip responses received",
        total(sip.path("responsesReceived")) + breakdown(sip.path("responsesReceived")));
    t.row(
        "sip responses sent",
        total(sip.path("responsesSent")) + breakdown(sip.path("responsesSent")));
    List<String> byCommand = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : ng.path("byCommand").properties()) {
      JsonNode c = e.getValue();
      long n = c.path("ok").asLong(0) + c.path("error").asLong(0);
      byCommand.add(e.getKey() + " " + n);
    }
    t.row(
        "ng commands",
        Text.of(ng.path("commands"))
            + (byCommand.isEmpty() ? "" : " (" + String.join(", ", byCommand) + ")"));
    JsonNode media = json.path("media");
    if (media.isObject()) {
      t.row("media sessions", Text.of(media.path("sessions")));
      t.row("packets relayed", Text.of(media.path("packetsRelayed")));
      t.row("bytes relayed", Text.of(media.path("bytesRelayed")));
      t.row("packets dropped", Text.of(media.path("packetsDropped")));
      t.row(
          "ports in use",
          Text.of(media.path("portsInUse")) + " of " + Text.of(media.path("portsTotal")));
    }
    t.printRows(out);
  }

  private static long total(JsonNode counts) {
    long n = 0;
    for (JsonNode v : counts.values()) {
      n += v.asLong(0);
    }
    return n;
  }

  /** {@code " (INVITE 1, ACK 1)"} from a name-to-count object, zeros left out; "" if none. */
  private static String breakdown(JsonNode counts) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : counts.properties()) {
      if (e.getValue().asLong(0) != 0) { // the API lists every method, counted or not
        parts.add(e.getKey() + " " + Text.of(e.getValue()));
      }
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }
}
