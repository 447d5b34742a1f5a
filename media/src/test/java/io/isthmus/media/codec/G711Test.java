package io.isthmus.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class G711Test {

  @ParameterizedTest(name = "µ-law 0x{0} = {1}")
  @CsvSource({
    // code, linear (G.711 Table 2a reconstruction values in 16-bit units)
    "FF, 0", // positive zero
    "7F, 0", // negative zero
    "FE, 8",
    "7E, -8",
    "F0, 120", // segment 0, mantissa 15
    "EF, 132", // segment 1, mantissa 0
    "80, 32124", // largest positive
    "00, -32124", // largest negative
  })
  void decodesKnownUlawValues(String code, int linear) {
    assertThat(G711.ulawDecode(Integer.parseInt(code, 16))).isEqualTo((short) linear);
  }

  @ParameterizedTest(name = "A-law 0x{0} = {1}")
  @CsvSource({
    // code, linear (G.711 Table 1a reconstruction values in 16-bit units)
    "D5, 8", // smallest positive (even bits inverted: 0x80 ^ 0x55)
    "55, -8",
    "D4, 24",
    "C5, 264", // segment 1, mantissa 0
    "F5, 528", // segment 2, mantissa 0
    "AA, 32256", // largest positive
    "2A, -32256", // largest negative
  })
  void decodesKnownAlawValues(String code, int linear) {
    assertThat(G711.alawDecode(Integer.parseInt(code, 16))).isEqualTo((short) linear);
  }

  @ParameterizedTest(name = "encode {0}")
  @CsvSource({
    // linear, µ-law, A-law
    "0, FF, D5",
    "-1, 7F, 55",
    "8, FE, D5",
    "32767, 80, AA",
    "-32768, 00, 2A",
    "1000, CE, FA",
  })
  void encodesKnownValues(int linear, String ulaw, String alaw) {
    assertThat(G711.ulawEncode(linear) & 0xFF).isEqualTo(Integer.parseInt(ulaw, 16));
    assertThat(G711.alawEncode(linear) & 0xFF).isEqualTo(Integer.parseInt(alaw, 16));
  }

  @Test
  void everyAlawCodeSurvivesDecodeThenEncode() {
    for (int code = 0; code < 256; code++) {
      assertThat(G711.alawEncode(G711.alawDecode(code)) & 0xFF)
          .as("code %02X", code)
          .isEqualTo(code);
    }
  }

  @Test
  void everyUlawCodeSurvivesDecodeThenEncodeExceptNegativeZero() {
    for (int code = 0; code < 256; code++) {
      int expected = code == 0x7F ? 0xFF : code; // -0 and +0 both decode to 0, which encodes +0
      assertThat(G711.ulawEncode(G711.ulawDecode(code)) & 0xFF)
          .as("code %02X", code)
          .isEqualTo(expected);
    }
  }

  @Test
  void ulawQuantisationErrorIsAtMostHalfAStepForEverySample() {
    int previous = Integer.MIN_VALUE;
    for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
      int code = G711.ulawEncode(x) & 0xFF;
      int y = G711.ulawDecode(code);
      int segment = ((~code) >> 4) & 0x07;
      if (Math.abs(x) <= 32124) {
        assertThat(Math.abs(y - x)).as("x=%d", x).isLessThanOrEqualTo(4 << segment);
      } else {
        assertThat(Math.abs(y)).as("clipped x=%d", x).isEqualTo(32124);
      }
      assertThat(y).as("monotonic at x=%d", x).isGreaterThanOrEqualTo(previous);
      previous = y;
    }
  }

  @Test
  void alawQuantisationErrorIsAtMostHalfAStepForEverySample() {
    int previous = Integer.MIN_VALUE;
    for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
      int code = G711.alawEncode(x) & 0xFF;
      int y = G711.alawDecode(code);
      int segment = ((code ^ 0x55) >> 4) & 0x07;
      int halfStep = segment == 0 ? 8 : 4 << segment;
      assertThat(Math.abs(y - x)).as("x=%d", x).isLessThanOrEqualTo(halfStep);
      assertThat(y).as("monotonic at x=%d", x).isGreaterThanOrEqualTo(previous);
      previous = y;
    }
  }

  @Test
  void decodingIsOddSymmetric() {
    for (int code = 0; code < 128; code++) {
      // Flipping the sign bit negates the value (G.711: sign-magnitude codes).
      assertThat(G711.ulawDecode(code)).isEqualTo((short) -G711.ulawDecode(code | 0x80));
      assertThat(G711.alawDecode(code)).isEqualTo((short) -G711.alawDecode(code | 0x80));
    }
  }

  @Test
  void lawToLawTablesGoThroughTheLinearValue() {
    for (int code = 0; code < 256; code++) {
      assertThat(G711.ulawToAlaw(code)).isEqualTo(G711.alawEncode(G711.ulawDecode(code)));
      assertThat(G711.alawToUlaw(code)).isEqualTo(G711.ulawEncode(G711.alawDecode(code)));
      // The converted code decodes within one A-law half step of the µ-law value.
      int u = G711.ulawDecode(code);
      int a = G711.alawDecode(G711.ulawToAlaw(code));
      int segment = ((G711.ulawToAlaw(code) ^ 0x55) >> 4) & 0x07;
      assertThat(Math.abs(a - u)).isLessThanOrEqualTo(segment == 0 ? 8 : 4 << segment);
    }
  }
}
