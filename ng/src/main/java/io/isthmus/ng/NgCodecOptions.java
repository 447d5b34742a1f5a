package io.isthmus.ng;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Codec manipulations of an offer: the {@code codec} dictionary merged with {@code codec-<op>-<x>}
 * flags (Kamailio writes {@code codec-strip-PCMA} into the flags list). Each list keeps request
 * order (for {@code offer} the order is the preference).
 */
public record NgCodecOptions(
    List<String> strip,
    List<String> except,
    List<String> offer,
    List<String> mask,
    List<String> transcode,
    List<String> ignore,
    List<String> accept,
    List<String> consume,
    List<String> set) {

  /** No manipulation. */
  public static final NgCodecOptions NONE =
      new NgCodecOptions(
          List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
          List.of());

  static final String[] OPERATIONS = {
    "strip", "except", "offer", "mask", "transcode", "ignore", "accept", "consume", "set"
  };

  /** True if nothing is asked for. */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /** Collects the lists while a request is read. */
  static final class Collector {
    private final List<List<String>> lists = new ArrayList<>();

    Collector() {
      for (int i = 0; i < OPERATIONS.length; i++) {
        lists.add(new ArrayList<>());
      }
    }

    /** Reads the {@code codec} dictionary: each known operation maps to a list or a string. */
    void addDictionary(BValue value) throws NgException {
      if (!(value instanceof BDict d)) {
        throw NgValues.wrongType("codec", "a dictionary", value);
      }
      for (int i = 0; i < OPERATIONS.length; i++) {
        BValue v = d.get(OPERATIONS[i]);
        if (v instanceof BString s) {
          lists.get(i).add(s.asString());
        } else if (v != null) {
          lists.get(i).addAll(NgValues.strings("codec." + OPERATIONS[i], v));
        }
      }
    }

    /** Takes a {@code codec-<op>-<codec>} flag; false if the flag is not one. */
    boolean addFlag(String flag) {
      if (!flag.startsWith("codec-")) {
        return false;
      }
      for (int i = 0; i < OPERATIONS.length; i++) {
        String prefix = OPERATIONS[i];
        if (flag.startsWith(prefix, 6)
            && flag.length() > 7 + prefix.length()
            && flag.charAt(6 + prefix.length()) == '-') {
          lists.get(i).add(flag.substring(7 + prefix.length()));
          return true;
        }
      }
      return false;
    }

    NgCodecOptions build() {
      return new NgCodecOptions(
          List.copyOf(lists.get(0)),
          List.copyOf(lists.get(1)),
          List.copyOf(lists.get(2)),
          List.copyOf(lists.get(3)),
          List.copyOf(lists.get(4)),
          List.copyOf(lists.get(5)),
          List.copyOf(lists.get(6)),
          List.copyOf(lists.get(7)),
          List.copyOf(lists.get(8)));
    }
  }
}
