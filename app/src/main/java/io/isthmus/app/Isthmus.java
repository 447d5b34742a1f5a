package io.isthmus.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code isthmus} launcher: one entry point for every role of the product.
 *
 * <p>Exit codes scripts can rely on: {@code 0} success, {@code 1} a runtime failure, {@code 2} a
 * usage error (picocli's default), {@link #EXIT_NOT_BUILT} a role that this build does not contain
 * yet.
 */
@Command(
    name = "isthmus",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "SIP proxy and rtpengine-compatible media relay for a public and a private network.",
    subcommands = {RunCommand.class, ProxyCommand.class, RelayCommand.class, CheckCommand.class})
public final class Isthmus implements Runnable {

  /** Exit code of a role that exists in the design but is not part of this build yet. */
  public static final int EXIT_NOT_BUILT = 3;

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
  public void run() {
    // No sub-command: `run` is the default job, as the README promises.
    spec.commandLine().getSubcommands().get("run").execute();
  }
}
