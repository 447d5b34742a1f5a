package io.isthmus.app.ctl;

import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * One {@code ctl} operation: finds the endpoint, runs {@link #run}, and maps what happened to the
 * exit codes of {@link CtlCommand}. Sub-classes send their request and render the reply.
 */
abstract class CtlOperation implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Sends the operation's request(s) and returns the exit code. */
  abstract int run(AdminClient admin) throws AdminClient.Unreachable;

  /** Renders a successful reply as text for people. */
  abstract void render(JsonNode json, PrintWriter out);

  @Override
  public final Integer call() {
    CtlCommand ctl = ctl();
    URI base;
    try {
      base = AdminEndpoint.resolve(ctl.admin, ctl.config);
    } catch (IllegalArgumentException e) {
      err().println("isthmus ctl: " + e.getMessage());
      err().flush();
      return CtlCommand.EXIT_USAGE;
    }
    AdminClient client;
    try {
      client =
          new AdminClient(base, AdminEndpoint.certificate(ctl.config))
              .withTokenFile(AdminEndpoint.tokenFile(ctl.config));
    } catch (IllegalArgumentException e) {
      err().println("isthmus ctl: " + e.getMessage());
      err().flush();
      return CtlCommand.EXIT_USAGE;
    }
    try (AdminClient admin = client) {
      return run(admin);
    } catch (AdminClient.Unreachable e) {
      err().println("isthmus ctl: admin endpoint " + base + " unreachable: " + e.getMessage());
      return CtlCommand.EXIT_UNREACHABLE;
    } finally {
      out().flush();
      err().flush();
    }
  }

  /**
   * The usual ending: with {@code --json} the body as it came (on stdout, whatever the status);
   * otherwise {@link #render} on success and {@link #renderFailure} on a refusal.
   */
  final int finish(AdminClient.Reply reply) {
    if (ctl().json) {
      out().println(reply.body().strip());
    } else if (reply.ok() && reply.json() != null) {
      render(reply.json(), out());
    } else if (reply.ok()) {
      err().println(prefix() + "the endpoint's answer is not JSON: " + reply.error());
      return CtlCommand.EXIT_FAILED;
    } else {
      renderFailure(reply, err());
    }
    return reply.ok() ? CtlCommand.EXIT_OK : CtlCommand.EXIT_FAILED;
  }

  /** Prints why the endpoint refused; the reload prints each config error. */
  void renderFailure(AdminClient.Reply reply, PrintWriter err) {
    err.println(prefix() + reply.error());
  }

  /** {@code isthmus ctl NAME: } for messages on stderr. */
  final String prefix() {
    return "isthmus ctl " + spec.name() + ": ";
  }

  final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The {@code ctl} command above this one, holding the inherited options. */
  final CtlCommand ctl() {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      if (s.userObject() instanceof CtlCommand c) {
        return c;
      }
    }
    throw new IllegalStateException(spec.qualifiedName() + " is not below ctl");
  }
}
