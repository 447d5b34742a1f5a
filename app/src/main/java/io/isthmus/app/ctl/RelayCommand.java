package io.isthmus.app.ctl;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code ctl relay drain NODE} and {@code ctl relay undrain NODE}: take a relay node out of the
 * selection of new calls while its calls go on (before maintenance), and back. rtpengine users ask
 * for a graceful drain and have none.
 */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    footer = CtlCommand.EXIT_CODES,
    description = "Drain or undrain one relay node (see `ctl relays` for the nodes).",
    subcommands = {RelayCommand.Drain.class, RelayCommand.Undrain.class})
final class RelayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CtlCommand.EXIT_USAGE;
  }

  private static String path(String node) {
    return "api/relays/" + AdminClient.segment(node) + "/drain";
  }

  /** {@code relay drain NODE [--wait]}: PUT /api/relays/NODE/drain, then polls its calls. */
  @Command(
      name = "drain",
      mixinStandardHelpOptions = true,
      footer = CtlCommand.EXIT_CODES,
      description = {
        "Stop sending new calls to a relay node (PUT /api/relays/NODE/drain); its calls keep it"
            + " until they end. With --wait, report its calls until none is left."
      })
  static final class Drain extends CtlOperation {
    @Parameters(
        index = "0",
        paramLabel = "NODE",
        description = "The node's address as `ctl relays` lists it, e.g. 127.0.0.1:22222")
    String node;

    @Option(
        names = "--wait",
        description = "Wait until the node has no call left, printing each change of the count.")
    boolean await;

    @Option(
        names = "--poll",
        paramLabel = "MS",
        defaultValue = "500",
        description = "How often --wait asks (default ${DEFAULT-VALUE} ms).")
    long pollMillis;

    @Override
    int run(AdminClient admin) throws AdminClient.Unreachable {
      AdminClient.Reply reply = admin.put(path(node), "{}");
      int code = finish(reply);
      if (code != CtlCommand.EXIT_OK || !await) {
        return code;
      }
      int last = reply.json().path("calls").asInt();
      while (last > 0) {
        try {
          Thread.sleep(Math.max(50, pollMillis));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return CtlCommand.EXIT_FAILED;
        }
        AdminClient.Reply list = admin.get("api/relays");
        if (!list.ok() || list.json() == null) {
          renderFailure(list, err());
          return CtlCommand.EXIT_FAILED;
        }
        int calls = callsOf(list.json(), node);
        if (calls < 0) {
          err().println(prefix() + "relay node " + node + " is gone from the list");
          return CtlCommand.EXIT_FAILED;
        }
        if (calls != last) {
          out().println("relay node " + node + ": " + calls + " call(s) left");
          out().flush();
          last = calls;
        }
      }
      out().println("relay node " + node + " drained: no call left on it");
      return CtlCommand.EXIT_OK;
    }

    private static int callsOf(JsonNode list, String node) {
      for (JsonNode n : list.path("nodes")) {
        if (n.path("address").asString("").equals(node)) {
          return n.path("calls").asInt();
        }
      }
      return -1;
    }

    @Override
    void render(JsonNode json, PrintWriter out) {
      out.println(
          "relay node "
              + Text.of(json.path("node"))
              + " draining: no new calls; "
              + Text.of(json.path("calls"))
              + " call(s) on it");
    }
  }

  /** {@code relay undrain NODE}: DELETE /api/relays/NODE/drain. */
  @Command(
      name = "undrain",
      mixinStandardHelpOptions = true,
      footer = CtlCommand.EXIT_CODES,
      description =
          "Let a drained relay node take new calls again (DELETE /api/relays/NODE/drain).")
  static final class Undrain extends CtlOperation {
    @Parameters(index = "0", paramLabel = "NODE", description = "The node's address.")
    String node;

    @Override
    int run(AdminClient admin) throws AdminClient.Unreachable {
      return finish(admin.delete(path(node)));
    }

    @Override
    void render(JsonNode json, PrintWriter out) {
      out.println(
          "relay node "
              + Text.of(json.path("node"))
              + " takes new calls again; "
              + Text.of(json.path("calls"))
              + " call(s) on it");
    }
  }
}
