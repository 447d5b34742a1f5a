package io.isthmus.app.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every error of one load, so the operator sees all of them at once rather than fixing a
 * file one complaint at a time. Not thread-safe: one load runs on one thread.
 */
final class Errors {
  private final String file;
  private final List<ConfigError> errors = new ArrayList<>();

  Errors(String file) {
    this.file = file;
  }

  /** The config file name errors are reported against. */
  String file() {
    return file;
  }

  void add(int line, String key, String message) {
    errors.add(new ConfigError(file, line, key, message));
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  int size() {
    return errors.size();
  }

  /** The errors in file order (by line, then in the order found), as an immutable list. */
  List<ConfigError> sorted() {
    List<ConfigError> copy = new ArrayList<>(errors);
    copy.sort(Comparator.comparingInt(ConfigError::line));
    return List.copyOf(copy);
  }
}
