package io.isthmus.app.config;

import java.util.Objects;

/**
 * One problem found in a config file: where it is (file, 1-based line, dotted key path such as
 * {@code networks.private.sip[0].port}) and, in the message, what is wrong and what was expected.
 *
 * @param file the file name the error is about (the config, or a list file it names)
 * @param line 1-based line in {@code file}
 * @param key the dotted key path, or "" for errors about the file as a whole (YAML syntax)
 * @param message what is wrong and what was expected
 */
public record ConfigError(String file, int line, String key, String message) {

  public ConfigError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
  }

  /** {@code isthmus.yaml:14: networks.private.sip[0].port: 70000 is not a port (...)}. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + message;
  }
}
