package io.isthmus.app;

import io.isthmus.app.config.ConfigError;
import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option of the commands that start services. Without it, the shipped
 * reference config: {@code $ISTHMUS_HOME/config/isthmus.yaml} (the launcher sets ISTHMUS_HOME to
 * its own folder), else {@code config/isthmus.yaml} below the working directory.
 */
final class ConfigOption {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "The YAML config (default: the shipped reference scenario, config/isthmus.yaml).")
  Path file;

  /** The file to read. */
  Path path() {
    if (file != null) {
      return file;
    }
    String home = System.getenv("ISTHMUS_HOME");
    Path shipped = Path.of(home == null ? "." : home, "config", "isthmus.yaml");
    return Files.exists(shipped) ? shipped : Path.of("config", "isthmus.yaml");
  }

  /** Loads and validates; prints every error and returns null when the config is not valid. */
  IsthmusConfig load(PrintWriter err) {
    Path path = path();
    return switch (ConfigLoader.load(path)) {
      case ConfigResult.Valid valid -> valid.config();
      case ConfigResult.Invalid invalid -> {
        for (ConfigError e : invalid.errors()) {
          err.println(e);
        }
        err.println(path + ": " + invalid.errors().size() + " error(s); nothing was started");
        err.flush();
        yield null;
      }
    };
  }
}
