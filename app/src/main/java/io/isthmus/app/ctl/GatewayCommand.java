package io.isthmus.app.ctl;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code ctl gateway set SETID URI STATE} ({@code kamcmd dispatcher.set_state}). */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    footer = CtlCommand.EXIT_CODES,
    description = "Change one gateway (see `ctl gateways` for the list).",
    subcommands = GatewayCommand.Set.class)
final class GatewayCommand implements Callable<Integer> {
  /** The states an operator may set, as the API names them. */
  static final List<String> STATES = List.of("active", "inactive", "probing", "disabled");

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CtlCommand.EXIT_USAGE;
  }

  /** A state name, checked while parsing so that a typo is a usage error (exit code 2). */
  static final class StateConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String state = value.toLowerCase(Locale.ROOT);
      if (!STATES.contains(state)) {
        throw new CommandLine.TypeConversionException(
            "unknown state '" + value + "' (expected one of " + String.join(", ", STATES) + ")");
      }
      return state;
    }
  }

  /** {@code gateway set}: PUT /api/gateways/{set}/{uri}. */
  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      footer = CtlCommand.EXIT_CODES,
      description = {
        "Set a gateway's state (PUT /api/gateways/SETID/URI):",
        "  active    selected for calls",
        "  inactive  down: skipped until OPTIONS probes bring it back",
        "  probing   failures seen, still selected, probed",
        "  disabled  never selected, never probed, until set otherwise"
      })
  static final class Set extends CtlOperation {
    @Parameters(index = "0", paramLabel = "SETID", description = "The gateway set id.")
    int setId;

    @Parameters(
        index = "1",
        paramLabel = "URI",
        description = "The gateway's URI as `ctl gateways` lists it, e.g. sip:10.0.0.5:5060")
    String uri;

    @Parameters(
        index = "2",
        paramLabel = "STATE",
        converter = StateConverter.class,
        completionCandidates = States.class,
        description = "One of: ${COMPLETION-CANDIDATES}")
    String state;

    @Override
    int run(AdminClient admin) throws AdminClient.Unreachable {
      String path = "api/gateways/" + setId + "/" + AdminClient.segment(uri);
      return finish(admin.put(path, "{\"state\":\"" + state + "\"}"));
    }

    @Override
    void render(JsonNode json, PrintWriter out) {
      out.println(
          "set "
              + Text.of(json.path("set"))
              + " gateway "
              + Text.of(json.path("uri"))
              + ": "
              + Text.of(json.path("state")));
    }
  }

  /** The completion candidates of STATE, for the help text. */
  static final class States implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return STATES.iterator();
    }
  }
}
