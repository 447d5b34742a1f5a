package io.isthmus.app.ctl;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ctl terminate CALL-ID}: ends a call on the proxy and drops its media. */
@Command(
    name = "terminate",
    mixinStandardHelpOptions = true,
    footer = CtlCommand.EXIT_CODES,
    description = {
      "End a call (DELETE /api/calls/CALL-ID): a call still setting up is cancelled (487 to "
          + "the caller, CANCEL to the gateway); an answered call gets a BYE to each party (proxy: "
          + "bye-sent), has its media deleted from the relay and its gateway load ended. Exit "
          + "code 1 if there is no such call."
    })
final class TerminateCommand extends CtlOperation {
  @Parameters(
      index = "0",
      paramLabel = "CALL-ID",
      description = "The Call-ID, as `ctl calls` lists it.")
  String callId;

  @Override
  int run(AdminClient admin) throws AdminClient.Unreachable {
    return finish(admin.delete("api/calls/" + AdminClient.segment(callId)));
  }

  @Override
  void render(JsonNode json, PrintWriter out) {
    out.println(
        "terminated "
            + Text.of(json.path("callId"))
            + " (proxy: "
            + Text.of(json.path("proxy"))
            + ", media: "
            + Text.of(json.path("media"))
            + ")");
  }
}
