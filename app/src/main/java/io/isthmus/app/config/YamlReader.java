package io.isthmus.app.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads one YAML document into a {@link YamlNode} tree through Jackson's streaming YAML parser,
 * which reports the line of every token. Refuses what a config file should not contain: a second
 * document, duplicate keys (YAML 1.2 §3.2.1.1 forbids them; silently keeping the last one hides
 * typos) and aliases (this reader would not expand them).
 */
final class YamlReader {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private final Errors errors;

  private YamlReader(Errors errors) {
    this.errors = errors;
  }

  /**
   * Parses {@code text}; returns the root node, or null after adding the error to {@code errors}
   * (syntax errors stop the read, the structural ones are all collected).
   */
  static YamlNode read(String text, Errors errors) {
    int before = errors.size();
    try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
      YamlReader reader = new YamlReader(errors);
      JsonToken first = parser.nextToken();
      if (first == null) {
        errors.add(1, "", "the file is empty (expected a mapping of sections: networks, ...)");
        return null;
      }
      YamlNode root = reader.node(parser, first, "", line(parser));
      if (parser.nextToken() != null) {
        errors.add(line(parser), "", "a second YAML document (expected exactly one: remove '---')");
      }
      return errors.size() == before ? root : null;
    } catch (JacksonException e) {
      syntaxError(e, errors);
      return null;
    }
  }

  /**
   * Reads the node starting at {@code token}. A mapping or list under a key takes the key's line:
   * that is where the operator looks for it, and where a key missing inside it is reported.
   */
  private YamlNode node(JsonParser parser, JsonToken token, String path, int ownerLine) {
    int line = line(parser);
    return switch (token) {
      case START_OBJECT -> mapping(parser, ownerLine, path);
      case START_ARRAY -> sequence(parser, ownerLine, path);
      case VALUE_NULL -> new YamlNode.Scalar(line, null);
      default -> {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
          errors.add(
              line,
              path,
              "alias '*"
                  + parser.getString()
                  + "' (expected plain values: anchors and aliases are not supported)");
        }
        yield new YamlNode.Scalar(line, parser.getString());
      }
    };
  }

  private YamlNode.Mapping mapping(JsonParser parser, int line, String path) {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
      String key = parser.currentName();
      int keyLine = line(parser);
      String keyPath = path.isEmpty() ? key : path + "." + key;
      YamlNode value = node(parser, parser.nextToken(), keyPath, keyLine);
      YamlNode.Entry previous = entries.putIfAbsent(key, new YamlNode.Entry(key, keyLine, value));
      if (previous != null) {
        errors.add(
            keyLine,
            keyPath,
            "repeats the key on line "
                + previous.keyLine()
                + " (expected each key once per mapping)");
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IllegalStateException("parser gave " + token + " inside a mapping");
    }
    return new YamlNode.Mapping(line, entries);
  }

  private YamlNode.Sequence sequence(JsonParser parser, int line, String path) {
    List<YamlNode> items = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      items.add(node(parser, token, path + "[" + items.size() + "]", line(parser)));
    }
    return new YamlNode.Sequence(line, items);
  }

  private static int line(JsonParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }

  /**
   * Turns the YAML engine's multi-line report (context, problem, snippets) into one line: the
   * problem with its column, and the construct it was found in.
   */
  private static void syntaxError(JacksonException e, Errors errors) {
    if (e.getCause() instanceof MarkedYamlEngineException marked) {
      Mark mark = marked.getProblemMark().orElse(null);
      int line = mark == null ? 1 : mark.getLine() + 1;
      StringBuilder message = new StringBuilder("YAML syntax: ").append(marked.getProblem());
      if (mark != null) {
        message.append(" at column ").append(mark.getColumn() + 1);
      }
      if (marked.getProblem().contains("<block")) {
        // The engine's words for a line indented deeper or shallower than its siblings.
        message.append(", check the indentation of this line");
      }
      if (marked.getContext() != null) {
        message.append(" (").append(marked.getContext());
        marked
            .getContextMark()
            .ifPresent(m -> message.append(" started on line ").append(m.getLine() + 1));
        message.append(')');
      }
      errors.add(line, "", message.toString());
      return;
    }
    int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
    String original = e.getOriginalMessage();
    int newline = original.indexOf('\n');
    errors.add(
        line, "", "YAML syntax: " + (newline < 0 ? original : original.substring(0, newline)));
  }
}
