package io.isthmus.ng.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes either decode as a JSON object or fail with {@link JsonSyntaxException}; a decoded
 * object whose strings are valid UTF-8 survives JSON and bencode round trips unchanged.
 */
class JsonFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void decodeNeverFailsOtherwiseAndRoundTrips(byte[] input) throws Exception {
    BDict value;
    try {
      value = JsonDecoder.decodeObject(input, 0, input.length, BencodeLimits.NG);
    } catch (JsonSyntaxException e) {
      assertThat(e.offset()).isBetween(0, input.length);
      return;
    }
    byte[] bencoded = BencodeEncoder.encode(value);
    assertThat(BencodeDecoder.decode(bencoded, 0, bencoded.length)).isEqualTo(value);
    if (validUtf8(value)) {
      byte[] json = JsonEncoder.encode(value);
      assertThat(JsonDecoder.decodeObject(json, 0, json.length, BencodeLimits.NG)).isEqualTo(value);
    }
  }

  private static boolean validUtf8(BValue v) {
    return switch (v) {
      case BString s -> BString.of(s.asString()).equals(s);
      case BInteger i -> true;
      case BList l -> l.stream().allMatch(JsonFuzzTest::validUtf8);
      case BDict d -> {
        for (int i = 0; i < d.size(); i++) {
          if (!validUtf8(d.key(i)) || !validUtf8(d.value(i))) {
            yield false;
          }
        }
        yield true;
      }
    };
  }
}
