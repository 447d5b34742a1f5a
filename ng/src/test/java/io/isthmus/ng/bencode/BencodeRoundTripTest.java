package io.isthmus.ng.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BencodeRoundTripTest {

  static LongStream seeds() {
    long base = Long.getLong("isthmus.seed", System.nanoTime());
    System.out.println(
        "BencodeRoundTripTest base seed: " + base + " (rerun: -Disthmus.seed=" + base + ")");
    return LongStream.range(0, 200).map(i -> base + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decodingTheEncodingGivesAnEqualValue(long seed) throws Exception {
    BValue value = RandomValues.value(new Random(seed), 0);
    byte[] encoded = BencodeEncoder.encode(value);
    assertThat(encoded).hasSize(BencodeEncoder.encodedLength(value));
    BValue decoded = BencodeDecoder.decode(encoded, 0, encoded.length);
    assertThat(decoded).as("seed %d", seed).isEqualTo(value);
    assertThat(decoded.hashCode()).isEqualTo(value.hashCode());
    // The encoding is canonical: encoding the decoded value gives the same bytes.
    assertThat(BencodeEncoder.encode(decoded)).isEqualTo(encoded);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void jsonRoundTripKeepsDictionariesOfTextStrings(long seed) throws Exception {
    BDict value = textOnly(new Random(seed));
    byte[] json = JsonEncoder.encode(value);
    BDict decoded = JsonDecoder.decodeObject(json, 0, json.length, BencodeLimits.NG);
    assertThat(decoded)
        .as("seed %d: %s", seed, new String(json, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(value);
  }

  /** JSON carries text: random dictionaries whose strings are valid UTF-8 (any code point). */
  private static BDict textOnly(Random r) {
    BDict.Builder b = BDict.builder();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      BValue v =
          switch (r.nextInt(3)) {
            case 0 -> BString.of(text(r));
            case 1 -> RandomValues.integer(r);
            default -> BList.of(BString.of(text(r)), BInteger.of(r.nextLong()));
          };
      b.put(text(r), v);
    }
    return b.build();
  }

  private static String text(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(10);
    for (int i = 0; i < n; i++) {
      int cp;
      do {
        cp =
            switch (r.nextInt(3)) {
              case 0 -> r.nextInt(0x80);
              case 1 -> r.nextInt(0x800);
              default -> r.nextInt(0x110000);
            };
      } while (cp >= 0xd800 && cp <= 0xdfff);
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
