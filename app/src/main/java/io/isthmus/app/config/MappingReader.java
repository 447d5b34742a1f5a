package io.isthmus.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the keys of one mapping of the config, recording the line of each and collecting every
 * error. Each key asked for becomes an allowed key: {@link #finish()} reports the keys that were
 * never asked for as unknown (typos), naming the allowed ones.
 */
final class MappingReader {
  private final Errors errors;
  private final SourceLines lines;
  private final String path;
  private final YamlNode.Mapping mapping;
  private final Set<String> known = new LinkedHashSet<>();

  private MappingReader(Errors errors, SourceLines lines, String path, YamlNode.Mapping mapping) {
    this.errors = errors;
    this.lines = lines;
    this.path = path;
    this.mapping = mapping;
  }

  /** A reader over {@code node}, which must be a mapping; else an error and an empty reader. */
  static MappingReader of(
      Errors errors, SourceLines lines, String path, YamlNode node, String what) {
    lines.put(path, node.line());
    if (node instanceof YamlNode.Mapping m) {
      return new MappingReader(errors, lines, path, m);
    }
    errors.add(node.line(), path, node.describe() + " is not a mapping (expected " + what + ")");
    return empty(errors, lines, path, node.line());
  }

  /** A reader for an absent section: every key takes its default. */
  static MappingReader empty(Errors errors, SourceLines lines, String path, int line) {
    return new MappingReader(errors, lines, path, new YamlNode.Mapping(line, Map.of()));
  }

  Errors errors() {
    return errors;
  }

  SourceLines lines() {
    return lines;
  }

  /** The dotted path of this mapping. */
  String path() {
    return path;
  }

  /** The path of {@code key} in this mapping. */
  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The line the mapping starts on. */
  int line() {
    return mapping.line();
  }

  /** True when {@code key} is written (and makes it an allowed key). */
  boolean has(String key) {
    known.add(key);
    return mapping.entries().containsKey(key);
  }

  /** The node of {@code key}, or null when absent. */
  YamlNode node(String key) {
    known.add(key);
    YamlNode.Entry e = mapping.entries().get(key);
    if (e == null) {
      return null;
    }
    lines.put(path(key), e.value().line());
    return e.value();
  }

  /** The node of a required key; reports it missing (with {@code expected}) when absent. */
  YamlNode require(String key, String expected) {
    YamlNode n = node(key);
    if (n == null) {
      errors.add(mapping.line(), path(key), "missing (expected " + expected + ")");
    }
    return n;
  }

  /** The converted value of {@code key}; {@code fallback} when absent or invalid. */
  <T> T value(String key, T fallback, Converter<T> converter) {
    YamlNode n = node(key);
    if (n == null) {
      return fallback;
    }
    T v = convert(n, path(key), converter);
    return v == null ? fallback : v;
  }

  /** The converted value of a required key, or null (with an error) when absent or invalid. */
  <T> T required(String key, Converter<T> converter) {
    YamlNode n = require(key, converter.noun() + ": " + converter.expected());
    return n == null ? null : convert(n, path(key), converter);
  }

  /** A duration that must be above zero; {@code fallback} when absent or invalid. */
  Duration positiveDuration(String key, Duration fallback) {
    Duration d = value(key, fallback, Converters.DURATION);
    if (d.isZero()) {
      errors.add(lines.of(path(key)), path(key), "0 is not allowed (expected a positive duration)");
      return fallback;
    }
    return d;
  }

  /** A nested mapping; an empty reader when absent. */
  MappingReader section(String key, String what) {
    YamlNode n = node(key);
    return n == null
        ? empty(errors, lines, path(key), mapping.line())
        : of(errors, lines, path(key), n, what);
  }

  /**
   * The items of a list-valued key with their paths ({@code key[0]}); empty when absent or not a
   * list (then with an error).
   */
  List<Item> list(String key, String what) {
    YamlNode n = node(key);
    return n == null ? List.of() : items(n, path(key), what);
  }

  /** The items of {@code node}, which must be a list. */
  List<Item> items(YamlNode node, String nodePath, String what) {
    if (!(node instanceof YamlNode.Sequence seq)) {
      errors.add(node.line(), nodePath, node.describe() + " is not a list (expected " + what + ")");
      return List.of();
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      String p = nodePath + "[" + i + "]";
      lines.put(p, item.line());
      items.add(new Item(p, item));
    }
    return items;
  }

  /** The entries of this mapping, each with its path, for mappings keyed by the operator. */
  List<Item> entries() {
    List<Item> out = new ArrayList<>();
    for (YamlNode.Entry e : mapping.entries().values()) {
      known.add(e.key());
      String p = path(e.key());
      lines.put(p, e.value().line());
      out.add(new Item(p, e.value(), e.key(), e.keyLine()));
    }
    return out;
  }

  /** Converts a scalar node, reporting an error and returning null when it does not convert. */
  <T> T convert(YamlNode node, String nodePath, Converter<T> converter) {
    if (!(node instanceof YamlNode.Scalar s) || s.isNull()) {
      errors.add(node.line(), nodePath, converter.notA(node.describe()));
      return null;
    }
    try {
      return converter.parse().apply(s.text());
    } catch (IllegalArgumentException e) {
      errors.add(
          node.line(),
          nodePath,
          e.getMessage() == null ? converter.notA(s.text()) : e.getMessage());
      return null;
    }
  }

  /** Reports every key that no one asked for. Call after reading all keys. */
  void finish() {
    for (YamlNode.Entry e : mapping.entries().values()) {
      if (!known.contains(e.key())) {
        String guess = closest(e.key());
        errors.add(
            e.keyLine(),
            path(e.key()),
            "unknown key"
                + (guess == null ? "" : ", did you mean " + guess + "?")
                + " (expected one of: "
                + String.join(", ", known)
                + ")");
      }
    }
  }

  /** The allowed key within two edits of {@code key}, if one is: the likely typo. */
  private String closest(String key) {
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** A list item or mapping entry with its path (and, for entries, its key). */
  record Item(String path, YamlNode node, String key, int keyLine) {
    Item(String path, YamlNode node) {
      this(path, node, null, node.line());
    }
  }
}
