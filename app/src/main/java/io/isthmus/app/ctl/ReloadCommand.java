package io.isthmus.app.ctl;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * {@code ctl reload}: re-reads the config file the process was started with, as SIGHUP does. An
 * invalid file changes nothing; each of its errors is printed with file, line and key.
 */
@Command(
    name = "reload",
    mixinStandardHelpOptions = true,
    footer = CtlCommand.EXIT_CODES,
    description = {
      "Reload the running process's config file (POST /api/reload), as SIGHUP does.",
      "Gateway sets and probing settings apply at once; other changes are listed as needing "
          + "a restart. An invalid file changes nothing: each error is printed and the exit "
          + "code is 1."
    })
final class ReloadCommand extends CtlOperation {

  @Override
  int run(AdminClient admin) throws AdminClient.Unreachable {
    return finish(admin.post("api/reload"));
  }

  @Override
  void render(JsonNode json, PrintWriter out) {
    out.println("reloaded " + Text.of(json.path("file")));
    list("applied", json.path("applied"), out);
    list("restart required", json.path("restartRequired"), out);
  }

  private static void list(String what, JsonNode items, PrintWriter out) {
    if (items.isEmpty()) {
      return;
    }
    StringBuilder line = new StringBuilder(what).append(':');
    for (JsonNode item : items) {
      line.append(' ').append(Text.of(item));
    }
    out.println(line);
  }

  /** An invalid config: every error as {@code isthmus check} prints it. */
  @Override
  void renderFailure(AdminClient.Reply reply, PrintWriter err) {
    JsonNode errors = reply.json() == null ? null : reply.json().path("errors");
    if (errors == null || !errors.isArray()) {
      super.renderFailure(reply, err);
      return;
    }
    for (JsonNode e : errors) {
      String key = Text.of(e.path("key"));
      err.println(
          Text.of(e.path("file"))
              + ":"
              + Text.of(e.path("line"))
              + ": "
              + (key.equals("-") || key.isEmpty() ? "" : key + ": ")
              + Text.of(e.path("message")));
    }
    err.println(prefix() + reply.error());
  }
}
