package io.isthmus.media.control;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BInteger;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;

/** Reads nested reply values by key path, as text, for assertions. */
record BDictView(BDict dict) {

  static BDictView of(BDict dict) {
    return new BDictView(dict);
  }

  /** The value at {@code keys} as text (integers in decimal), or null if absent. */
  String path(String... keys) {
    BValue v = dict;
    for (String k : keys) {
      if (!(v instanceof BDict d) || (v = d.get(k)) == null) {
        return null;
      }
    }
    return switch (v) {
      case BString s -> s.asString();
      case BInteger i -> Long.toString(i.value());
      default -> v.toString();
    };
  }

  /** The value at {@code keys} as a number; fails when absent. */
  long number(String... keys) {
    return Long.parseLong(path(keys));
  }
}
