package io.isthmus.app;

import io.isthmus.app.config.CallPaths;
import io.isthmus.app.config.ConfigError;
import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code isthmus check --config FILE}: validates a config file as a start would, and says in plain
 * words where calls will go. Changes nothing and binds nothing.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Validate a config file and print the call paths it describes.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the config is valid",
      "1:the config is invalid (each error is printed)",
      "2:usage error"
    })
final class CheckCommand implements Callable<Integer> {
  /** Exit code of an invalid config. */
  static final int EXIT_INVALID = 1;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The YAML config file to check.")
  Path config;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConfigResult result = ConfigLoader.load(config);
    switch (result) {
      case ConfigResult.Valid valid -> {
        out.println("config OK: " + config);
        CallPaths.describe(valid.config()).forEach(out::println);
        out.flush();
        return 0;
      }
      case ConfigResult.Invalid invalid -> {
        for (ConfigError e : invalid.errors()) {
          err.println(e);
        }
        int n = invalid.errors().size();
        err.println("config invalid: " + config + " (" + n + (n == 1 ? " error)" : " errors)"));
        err.flush();
        return EXIT_INVALID;
      }
    }
  }
}
