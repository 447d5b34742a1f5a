package io.isthmus.ng;

import io.isthmus.ng.bencode.BInteger;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of NG values, with precise errors for a value of the wrong type. */
final class NgValues {
  private NgValues() {}

  static BString string(String key, BValue v) throws NgException {
    if (v instanceof BString s) {
      return s;
    }
    throw wrongType(key, "a string", v);
  }

  /** An integer; like rtpengine, a string of decimal digits is accepted too. */
  static long integer(String key, BValue v) throws NgException {
    if (v instanceof BInteger i) {
      return i.value();
    }
    if (v instanceof BString s && s.length() > 0 && s.length() < 19) {
      long n = 0;
      boolean negative = s.byteAt(0) == '-';
      for (int i = negative ? 1 : 0; i < s.length(); i++) {
        int b = s.byteAt(i);
        if (b < '0' || b > '9') {
          throw wrongType(key, "an integer", v);
        }
        n = n * 10 + (b - '0');
      }
      if (!negative || s.length() > 1) {
        return negative ? -n : n;
      }
    }
    throw wrongType(key, "an integer", v);
  }

  static List<String> strings(String key, BValue v) throws NgException {
    if (!(v instanceof BList l)) {
      throw wrongType(key, "a list of strings", v);
    }
    List<String> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      if (!(l.get(i) instanceof BString s)) {
        throw new NgException(
            "Invalid value for key \""
                + key
                + "\": item "
                + i
                + " is "
                + l.get(i).typeName()
                + ", expected a string");
      }
      out.add(s.asString());
    }
    return out;
  }

  static NgException wrongType(String key, String expected, BValue v) {
    return new NgException(
        "Invalid value for key \"" + key + "\": expected " + expected + ", got " + v.typeName());
  }
}
