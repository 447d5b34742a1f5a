package io.isthmus.app.config;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The line of every key path read from the config ({@code networks.public.sources[0]} -> 9), so
 * that checks across sections, which run on the bound records, can still point at the line.
 */
final class SourceLines {
  private final Map<String, Integer> lines = new HashMap<>();
  private final Map<Object, String> origins = new IdentityHashMap<>();

  void put(String path, int line) {
    lines.putIfAbsent(path, line);
  }

  /** Remembers that the bound object {@code value} was read from {@code path}. */
  void note(Object value, String path) {
    origins.put(value, path);
  }

  /** The path {@code value} was read from (compared by identity), or {@code fallback}. */
  String pathOf(Object value, String fallback) {
    return origins.getOrDefault(value, fallback);
  }

  /** The line of {@code path}, else of its closest written parent, else 1. */
  int of(String path) {
    String p = path;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        return 1;
      }
      p = p.substring(0, cut);
    }
  }
}
