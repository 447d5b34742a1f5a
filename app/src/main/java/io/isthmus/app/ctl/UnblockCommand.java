package io.isthmus.app.ctl;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ctl unblock ADDRESS}: lifts the flood protection's block of one source. */
@Command(
    name = "unblock",
    mixinStandardHelpOptions = true,
    footer = CtlCommand.EXIT_CODES,
    description = {
      "Lift the block of a source the flood protection blocked (DELETE"
          + " /api/security/blocked/ADDRESS): its requests are judged afresh. Exit code 1 if it"
          + " is not blocked."
    })
final class UnblockCommand extends CtlOperation {
  @Parameters(index = "0", paramLabel = "ADDRESS", description = "The source IP address.")
  String address;

  @Override
  int run(AdminClient admin) throws AdminClient.Unreachable {
    return finish(admin.delete("api/security/blocked/" + AdminClient.segment(address)));
  }

  @Override
  void render(JsonNode json, PrintWriter out) {
    out.println("unblocked " + Text.of(json.path("address")));
  }
}
