package io.isthmus.ng.bencode;

import java.util.Random;

/** Random bencode values for round-trip tests: every type, nested, with awkward strings. */
final class RandomValues {
  private RandomValues() {}

  static BValue value(Random r, int depth) {
    int kind = depth >= 5 ? r.nextInt(2) : r.nextInt(4);
    return switch (kind) {
      case 0 -> string(r);
      case 1 -> integer(r);
      case 2 -> {
        int n = r.nextInt(6);
        BValue[] items = new BValue[n];
        for (int i = 0; i < n; i++) {
          items[i] = value(r, depth + 1);
        }
        yield BList.of(items);
      }
      default -> dict(r, depth);
    };
  }

  static BDict dict(Random r, int depth) {
    BDict.Builder b = BDict.builder();
    int n = r.nextInt(7);
    for (int i = 0; i < n; i++) {
      b.put(string(r), value(r, depth + 1));
    }
    return b.build();
  }

  static BString string(Random r) {
    byte[] bytes = new byte[r.nextInt(4) == 0 ? r.nextInt(300) : r.nextInt(12)];
    if (r.nextBoolean()) {
      r.nextBytes(bytes); // arbitrary bytes, including 0x00, ':', 'e' and invalid UTF-8
    } else {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) ('a' + r.nextInt(26));
      }
    }
    return BString.wrap(bytes);
  }

  static BInteger integer(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> BInteger.of(r.nextInt(21) - 10);
      case 1 -> BInteger.of(r.nextLong());
      case 2 -> BInteger.of(r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE);
      default -> BInteger.of(r.nextInt());
    };
  }
}
