package io.isthmus.app.ctl;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code ctl health}: whether the process is ready, for scripts and service checks. */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    footer = CtlCommand.EXIT_CODES,
    description = {
      "Ask whether the process is ready (GET /health): prints ready and exits 0, else prints "
          + "what is not ready and exits 1."
    })
final class HealthCommand extends CtlOperation {

  @Override
  int run(AdminClient admin) throws AdminClient.Unreachable {
    AdminClient.Reply reply = admin.get("health");
    return finish(reply);
  }

  @Override
  void render(JsonNode json, PrintWriter out) {
    out.println(Text.of(json.path("status")));
  }

  /** 503: not ready yet; say which part is missing. */
  @Override
  void renderFailure(AdminClient.Reply reply, PrintWriter err) {
    JsonNode json = reply.json();
    if (json == null || !json.has("status")) {
      super.renderFailure(reply, err);
      return;
    }
    err.println(
        prefix()
            + Text.of(json.path("status"))
            + " (sip: "
            + (json.path("sip").asBoolean(false) ? "ready" : "not ready")
            + ", ng: "
            + (json.path("ng").asBoolean(false) ? "ready" : "not ready")
            + ")");
  }
}
