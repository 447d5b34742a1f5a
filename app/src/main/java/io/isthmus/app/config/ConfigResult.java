package io.isthmus.app.config;

import java.util.List;

/** The outcome of loading a config: a valid config, or every error found in it. */
public sealed interface ConfigResult {

  /** Every check passed. */
  record Valid(IsthmusConfig config) implements ConfigResult {}

  /**
   * The config is not usable.
   *
   * @param errors every error, in file order; never empty
   */
  record Invalid(List<ConfigError> errors) implements ConfigResult {
    public Invalid {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("an invalid config has at least one error");
      }
    }
  }
}
