package io.isthmus.app.ctl;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code ctl security}: TLS, authentication and flood protection at a glance. */
@Command(
    name = "security",
    mixinStandardHelpOptions = true,
    footer = CtlCommand.EXIT_CODES,
    description = {
      "Show TLS certificates and handshakes, digest authentication outcomes and the sources"
          + " the flood protection blocks now (GET /api/security)."
    })
final class SecurityCommand extends CtlOperation {
  @Override
  int run(AdminClient admin) throws AdminClient.Unreachable {
    return finish(admin.get("api/security"));
  }

  @Override
  void render(JsonNode json, PrintWriter out) {
    JsonNode tls = json.path("tls");
    tls.path("certificates")
        .properties()
        .forEach(
            e ->
                out.println(
                    "tls "
                        + e.getKey()
                        + ": "
                        + Text.of(e.getValue().path("subject"))
                        + " until "
                        + Text.of(e.getValue().path("notAfter"))));
    out.println(
        "tls handshakes: in "
            + Text.of(tls.path("inboundHandshakes"))
            + " ok / "
            + Text.of(tls.path("inboundFailures"))
            + " failed, out "
            + Text.of(tls.path("outboundHandshakes"))
            + " ok / "
            + Text.of(tls.path("outboundFailures"))
            + " failed");
    json.path("auth")
        .properties()
        .forEach(
            e ->
                out.println(
                    "auth "
                        + e.getKey()
                        + ": "
                        + Text.of(e.getValue().path("successes"))
                        + " ok, failures "
                        + e.getValue().path("failures")));
    JsonNode f = json.path("flood");
    out.println(
        "flood: "
            + Text.of(f.path("refused"))
            + " refused, "
            + Text.of(f.path("blocks"))
            + " blocks, "
            + Text.of(f.path("scanners"))
            + " scanners");
    for (JsonNode b : f.path("blocked")) {
      out.println(
          "  blocked "
              + Text.of(b.path("address"))
              + " ("
              + Text.of(b.path("network"))
              + ", "
              + Text.of(b.path("refused"))
              + " refused, "
              + Text.of(b.path("remainingSeconds"))
              + "s left): "
              + Text.of(b.path("why")));
    }
  }
}
