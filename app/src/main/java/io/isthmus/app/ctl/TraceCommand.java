package io.isthmus.app.ctl;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ctl trace CALL-ID on|off}: logs every SIP message and NG command of one call. */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    footer = CtlCommand.EXIT_CODES,
    description = {
      "Switch the per-call trace (PUT /api/calls/CALL-ID/trace): while on, every SIP message "
          + "and media command of that Call-ID is logged in full. The Call-ID need not exist "
          + "yet: a trace set before the call starts catches its INVITE."
    })
final class TraceCommand extends CtlOperation {
  @Parameters(index = "0", paramLabel = "CALL-ID", description = "The Call-ID to trace.")
  String callId;

  /** on or off, as operators say it. */
  enum Switch {
    on,
    off
  }

  @Parameters(index = "1", paramLabel = "on|off", description = "Start or stop the trace.")
  Switch onOff;

  @Override
  int run(AdminClient admin) throws AdminClient.Unreachable {
    return finish(
        admin.put(
            "api/calls/" + AdminClient.segment(callId) + "/trace",
            "{\"enabled\":" + (onOff == Switch.on) + "}"));
  }

  @Override
  void render(JsonNode json, PrintWriter out) {
    out.println(
        "trace "
            + (json.path("enabled").asBoolean(false) ? "on" : "off")
            + " for "
            + Text.of(json.path("callId")));
  }
}
