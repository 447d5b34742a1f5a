package io.isthmus.ng.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes either decode or fail with {@link BencodeException}; what decodes re-encodes to bytes
 * that decode to an equal value, and canonical input (sorted keys) re-encodes to itself.
 */
class BencodeFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void decodeNeverFailsOtherwiseAndRoundTrips(byte[] input) {
    BValue value;
    try {
      value = BencodeDecoder.decode(input, 0, input.length);
    } catch (BencodeException e) {
      assertThat(e.offset()).isBetween(0, input.length);
      return;
    }
    byte[] encoded = BencodeEncoder.encode(value);
    assertThat(encoded).hasSize(BencodeEncoder.encodedLength(value));
    BValue again;
    try {
      again = BencodeDecoder.decode(encoded, 0, encoded.length);
    } catch (BencodeException e) {
      throw new AssertionError("re-encoded value does not decode: " + e.getMessage(), e);
    }
    assertThat(again).isEqualTo(value);
    if (sorted(value)) {
      assertThat(encoded).isEqualTo(input);
    }
  }

  /** True if every dictionary's keys appear in strictly increasing byte order (canonical). */
  static boolean sorted(BValue v) {
    return switch (v) {
      case BDict d -> {
        for (int i = 0; i < d.size(); i++) {
          if (i > 0 && d.key(i - 1).compareTo(d.key(i)) >= 0 || !sorted(d.value(i))) {
            yield false;
          }
        }
        yield true;
      }
      case BList l -> l.stream().allMatch(BencodeFuzzTest::sorted);
      default -> true;
    };
  }
}
