package io.isthmus.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The mutable lines of one section while it is edited, with the rules for where a new line goes.
 *
 * <p>A new line of type t goes before the first line whose type must come after t in the RFC 8866
 * §5 order; a new attribute goes right after the last attribute of the section. Lines of unknown
 * types rank like attributes, so nothing is ever inserted after an attribute by accident.
 */
final class SectionLines {
  /** RFC 8866 §5 order of the session level. */
  static final String SESSION_ORDER = "vosiuepcbtrzka";

  /** RFC 8866 §5 order of a media section. */
  static final String MEDIA_ORDER = "micbka";

  private final ArrayList<SdpLine> lines;
  private final String order;
  private final LineEnding style;

  SectionLines(List<SdpLine> lines, String order, LineEnding style) {
    this.lines = new ArrayList<>(lines);
    this.order = order;
    this.style = style;
  }

  List<SdpLine> list() {
    return lines;
  }

  int indexOf(char type) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).type() == type) {
        return i;
      }
    }
    return -1;
  }

  /** Changes the value of line i, keeping its ending. */
  void setValue(int i, String value) {
    SdpLine old = lines.get(i);
    if (!old.value().equals(value)) {
      lines.set(i, old.withValue(value));
    }
  }

  /** Changes the first line of the type, or inserts one where RFC 8866 §5 puts it. */
  void put(char type, String value) {
    int i = indexOf(type);
    if (i >= 0) {
      setValue(i, value);
    } else {
      insert(SdpLine.of(type, value));
    }
  }

  /** Removes every line of the type; returns how many were removed. */
  int removeType(char type) {
    return removeIf(l -> l.type() == type);
  }

  int removeIf(Predicate<SdpLine> match) {
    int before = lines.size();
    lines.removeIf(match);
    return before - lines.size();
  }

  private int rank(char type) {
    int r = order.indexOf(type);
    return r < 0 ? order.length() - 1 : r;
  }

  /** Inserts a line before the first line that must follow it. */
  void insert(SdpLine line) {
    int r = rank(line.type());
    int at = lines.size();
    for (int i = 1; i < lines.size(); i++) {
      if (rank(lines.get(i).type()) > r) {
        at = i;
        break;
      }
    }
    lines.add(at, line.withEnding(style));
  }

  /** Adds an attribute line after the section's last attribute (or where attributes go). */
  void addAttribute(SdpLine line) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).isAttribute()) {
        lines.add(i + 1, line.withEnding(style));
        return;
      }
    }
    insert(line);
  }

  /**
   * Replaces the lines that match with the given attribute lines, at the place of the first match,
   * or adds them after the last attribute if none matched. Lines that are already exactly the
   * replacement are left untouched (and keep their input bytes).
   */
  void replaceAttributes(Predicate<SdpLine> match, List<SdpLine> replacement) {
    List<Integer> found = new ArrayList<>(2);
    for (int i = 0; i < lines.size(); i++) {
      if (match.test(lines.get(i))) {
        found.add(i);
      }
    }
    if (found.size() == replacement.size() && sameTexts(found, replacement)) {
      return;
    }
    if (found.isEmpty()) {
      for (SdpLine l : replacement) {
        addAttribute(l);
      }
      return;
    }
    int at = found.getFirst();
    lines.removeIf(match);
    for (int i = 0; i < replacement.size(); i++) {
      lines.add(at + i, replacement.get(i).withEnding(style));
    }
  }

  private boolean sameTexts(List<Integer> found, List<SdpLine> replacement) {
    for (int i = 0; i < found.size(); i++) {
      if (!lines.get(found.get(i)).text().equals(replacement.get(i).text())) {
        return false;
      }
    }
    return true;
  }
}
