package io.isthmus.app;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code isthmus} launcher: one entry point for every role of the product.
 *
 * <p>Exit codes scripts can rely on: {@code 0} success, {@code 1} an invalid config or a runtime
 * failure, {@code 2} a usage error (picocli's default).
 */
@Command(
    name = "isthmus",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "SIP proxy and rtpengine-compatible media relay for a public and a private network.",
    subcommands = {
      RunCommand.class,
      ProxyCommand.class,
      RelayCommand.class,
      CheckCommand.class,
      MigrateCommand.class,
      io.isthmus.app.ctl.CtlCommand.class
    })
public final class Isthmus implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the launcher and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Isthmus());
  }

  @Override
  public Integer call() {
    // No sub-command: `run` is the default job, as the README promises.
    return spec.commandLine().getSubcommands().get("run").execute();
  }
}
