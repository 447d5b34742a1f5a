package io.isthmus.app.ctl;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus ctl}: what operators do with kamcmd and rtpengine-ctl, over the admin JSON API of
 * a running Isthmus. The options are inherited, so they may be written before or after the
 * sub-command ({@code isthmus ctl --json calls} or {@code isthmus ctl calls --json}).
 */
@Command(
    name = "ctl",
    mixinStandardHelpOptions = true,
    description = {
      "Control a running Isthmus through its admin endpoint: calls, gateways, reload, stats.",
      "The endpoint: --admin URL, else the admin.listen of --config FILE, else "
          + AdminEndpoint.DEFAULT_URL
    },
    subcommands = {
      CallsCommand.class,
      GatewaysCommand.class,
      GatewayCommand.class,
      RelaysCommand.class,
      RelayCommand.class,
      ReloadCommand.class,
      TerminateCommand.class,
      SecurityCommand.class,
      UnblockCommand.class,
      StatsCommand.class,
      TraceCommand.class,
      HealthCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the operation succeeded",
      "1:the operation failed (unknown call or gateway, invalid config on reload, not ready)",
      "2:usage error",
      "3:the admin endpoint is unreachable"
    })
public final class CtlCommand implements Callable<Integer> {
  /** The exit codes in one line, at the foot of every sub-command's help. */
  static final String EXIT_CODES =
      "%nExit codes: 0 ok, 1 the operation failed (the reason is on stderr), 2 usage error,"
          + " 3 the admin endpoint is unreachable.";

  /** The operation succeeded. */
  public static final int EXIT_OK = 0;

  /** The endpoint refused or failed the operation; the reason is printed on stderr. */
  public static final int EXIT_FAILED = 1;

  /** Bad command line (picocli's code for invalid input). */
  public static final int EXIT_USAGE = 2;

  /** No HTTP answer at all: nothing listens there, or it did not answer in time. */
  public static final int EXIT_UNREACHABLE = 3;

  @Spec CommandSpec spec;

  @Option(
      names = "--admin",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description = "The admin endpoint, e.g. http://127.0.0.1:8080/")
  String admin;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "Take the endpoint from this config file's admin.listen.")
  Path config;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print the endpoint's JSON reply as it came instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    // `ctl` alone names no operation: show what there is, as for any usage error.
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_USAGE;
  }
}
