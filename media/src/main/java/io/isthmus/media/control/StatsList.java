package io.isthmus.media.control;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BInteger;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The relay's statistics as one ordered list of entries, the way rtpengine 10.5 keeps them, so that
 * its three views agree: the NG {@code statistics} reply ({@link #toNg}), the CLI's {@code list
 * totals} text ({@link #toCliText}) and Prometheus' {@code /metrics} ({@link #toPrometheus}).
 *
 * <p>An entry is a bracket ({@code { } [ ]}) opening or closing a dictionary or list, a label
 * naming the bracket that follows, a value (a label with a short value, shown as an integer or a
 * string in NG, and a long text with a description for the CLI), or a description-only line. A
 * value can carry a Prometheus name, type and labels.
 */
public final class StatsList {

  /**
   * One entry.
   *
   * @param label NG key, a bracket, or null (CLI-only line)
   * @param description CLI text, or null (not shown there)
   * @param shortValue the NG / Prometheus value, or null for headers
   * @param intValue whether {@code shortValue} is an integer (NG writes it as one)
   * @param longValue the CLI text after the description, or null
   */
  record Entry(
      String label,
      String description,
      String shortValue,
      boolean intValue,
      String longValue,
      String promName,
      String promType,
      String promLabel) {

    boolean isBracket() {
      return label != null && label.length() == 1 && "{}[]".contains(label);
    }

    boolean isClose() {
      return isBracket() && (label.equals("}") || label.equals("]"));
    }

    Entry prom(String name, String type, String labels) {
      return new Entry(label, description, shortValue, intValue, longValue, name, type, labels);
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /** A bracket or a label for the bracket after it, with its CLI line (null: none). */
  StatsList header(String label, String description) {
    entries.add(new Entry(label, description, null, false, null, null, null, null));
    return this;
  }

  /** An integer shown alike in NG and the CLI. */
  StatsList integer(String label, String description, long value) {
    String v = Long.toString(value);
    entries.add(new Entry(label, description, v, true, v, null, null, null));
    return this;
  }

  /** A value whose CLI text differs (a unit), written as a string in NG. */
  StatsList text(String label, String description, String shortValue, String longValue) {
    entries.add(new Entry(label, description, shortValue, false, longValue, null, null, null));
    return this;
  }

  /** An NG-only integer (no CLI line). */
  StatsList ngInteger(String label, long value) {
    entries.add(new Entry(label, null, Long.toString(value), true, null, null, null, null));
    return this;
  }

  /** An NG-only string (no CLI line). */
  StatsList ngText(String label, String value) {
    entries.add(new Entry(label, null, value, false, null, null, null, null));
    return this;
  }

  /** A CLI-only line: {@code description: longValue}, or the bare text when description is "". */
  StatsList cliLine(String description, String longValue) {
    entries.add(new Entry(null, description, null, false, longValue, null, null, null));
    return this;
  }

  /** Gives the last entry a Prometheus name, type and labels (null: none). */
  StatsList prom(String name, String type, String labels) {
    entries.set(entries.size() - 1, entries.getLast().prom(name, type, labels));
    return this;
  }

  List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** The value of the first entry labelled {@code label} (e.g. "packetrate_user"), or null. */
  public String value(String label) {
    for (Entry e : entries) {
      if (label.equals(e.label()) && e.shortValue() != null) {
        return e.shortValue();
      }
    }
    return null;
  }

  /** The NG {@code statistics} dictionary's content (under the key {@code statistics}). */
  public BDict toNg() {
    // Each bracket opens a container; a bare label names the next one; values go into the
    // innermost container. The outermost '{' is the "statistics" dictionary itself.
    Deque<Frame> stack = new ArrayDeque<>();
    String pendingLabel = null;
    BValue result = null;
    for (Entry e : entries) {
      if (e.label() == null) {
        continue;
      }
      if (e.shortValue() != null) {
        BValue v =
            e.intValue() ? BInteger.of(Long.parseLong(e.shortValue())) : BString.of(e.shortValue());
        if (!stack.isEmpty()) {
          addTo(stack.peek().container(), e.label(), v);
        }
      } else if (e.isClose()) {
        Frame done = stack.pop();
        BValue built = build(done.container());
        if (stack.isEmpty()) {
          result = built;
        } else {
          addTo(stack.peek().container(), done.name(), built);
        }
      } else if (e.isBracket()) {
        Object container = e.label().equals("{") ? BDict.builder() : new ArrayList<BValue>();
        stack.push(new Frame(container, pendingLabel == null ? "" : pendingLabel));
        pendingLabel = null;
      } else {
        pendingLabel = e.label();
      }
    }
    return result instanceof BDict d ? d : BDict.builder().build();
  }

  private record Frame(Object container, String name) {}

  @SuppressWarnings("unchecked")
  private static void addTo(Object container, String label, BValue v) {
    if (container instanceof BDict.Builder d) {
      d.put(label, v);
    } else if (container instanceof List<?> l) {
      ((List<BValue>) l).add(v);
    }
  }

  @SuppressWarnings("unchecked")
  private static BValue build(Object container) {
    if (container instanceof BDict.Builder d) {
      return d.build();
    }
    return BList.of((List<BValue>) container);
  }

  /** rtpengine's {@code list totals}: every entry with a description, one line each. */
  public String toCliText() {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      if (e.description() == null) {
        continue;
      }
      if (e.longValue() == null) {
        sb.append(e.description()).append('\n');
      } else if (e.description().isEmpty()) {
        sb.append(e.longValue()).append('\n');
      } else {
        sb.append(' ').append(String.format("%-48s", e.description()));
        sb.append(':').append(e.longValue()).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * Prometheus text format: {@code rtpengine_NAME{labels} value}, with {@code # HELP} and {@code #
   * TYPE} before the first sample of each name.
   */
  public String toPrometheus() {
    StringBuilder sb = new StringBuilder();
    Set<String> seen = new HashSet<>();
    for (Entry e : entries) {
      if (e.label() == null || e.shortValue() == null || e.promName() == null) {
        continue;
      }
      if (seen.add(e.promName())) {
        if (e.description() != null) {
          sb.append("# HELP rtpengine_")
              .append(e.promName())
              .append(' ')
              .append(e.description())
              .append('\n');
        }
        if (e.promType() != null) {
          sb.append("# TYPE rtpengine_")
              .append(e.promName())
              .append(' ')
              .append(e.promType())
              .append('\n');
        }
      }
      sb.append("rtpengine_").append(e.promName());
      if (e.promLabel() != null) {
        sb.append('{').append(e.promLabel()).append('}');
      }
      sb.append(' ').append(e.shortValue()).append('\n');
    }
    return sb.toString();
  }
}
