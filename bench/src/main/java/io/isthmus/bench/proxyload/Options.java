package io.isthmus.bench.proxyload;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --name value} command-line options of the harness mains; unknown names and missing values
 * fail naming the argument.
 */
final class Options {
  private final Map<String, String> values = new HashMap<>();

  private Options() {}

  static Options parse(String[] argv, List<String> known) {
    Options o = new Options();
    for (int i = 0; i < argv.length; i++) {
      String name = argv[i];
      if (!name.startsWith("--") || !known.contains(name.substring(2))) {
        throw new IllegalArgumentException("unknown option \"" + name + "\"; known: " + known);
      }
      if (i + 1 >= argv.length) {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
      o.values.put(name.substring(2), argv[++i]);
    }
    return o;
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("option --" + name + " is required");
    }
    return v;
  }

  int integer(String name, int fallback) {
    String v = values.get(name);
    return v == null ? fallback : Integer.parseInt(v);
  }

  /** A comma-separated list of integers. */
  List<Integer> integers(String name, String fallback) {
    return List.of(string(name, fallback).split(",")).stream()
        .map(String::strip)
        .map(Integer::parseInt)
        .toList();
  }

  /** A comma-separated list of PIDs. */
  List<Long> pids(String name) {
    return List.of(required(name).split(",")).stream()
        .map(String::strip)
        .map(Long::parseLong)
        .toList();
  }
}
