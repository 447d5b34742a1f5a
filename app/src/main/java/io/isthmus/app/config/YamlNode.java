package io.isthmus.app.config;

import java.util.List;
import java.util.Map;

/**
 * A YAML document as a small tree that remembers the line of every node: the config binder needs
 * the line of each key and value to report errors where the operator can find them.
 */
sealed interface YamlNode {

  /** 1-based line where the node starts. */
  int line();

  /** How the node is named in an error: "a mapping", "a list", or the scalar's text in quotes. */
  String describe();

  /** A key of a mapping with the line it is written on. */
  record Entry(String key, int keyLine, YamlNode value) {}

  /** A mapping, keys in document order. */
  record Mapping(int line, Map<String, Entry> entries) implements YamlNode {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** A sequence. */
  record Sequence(int line, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A scalar as written (numbers are not converted: each key decides what its text means).
   *
   * @param text the text, or null for an empty value ({@code key:} with nothing after it)
   */
  record Scalar(int line, String text) implements YamlNode {
    boolean isNull() {
      return text == null;
    }

    @Override
    public String describe() {
      return text == null ? "an empty value" : "'" + text + "'";
    }
  }
}
