package io.isthmus.ng.bencode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonDecoderTest {

  static BDict decode(String json) throws JsonSyntaxException {
    byte[] b = json.getBytes(UTF_8);
    return JsonDecoder.decodeObject(b, 0, b.length, BencodeLimits.NG);
  }

  @Test
  void readsAnNgRequestIntoTheBencodeModel() throws Exception {
    BDict d =
        decode(
            """
            { "command": "offer", "call-id": "abc", "flags": [ "trust-address" ],
              "delete-delay": 0, "codec": { "strip": ["all"] } }
            """);
    assertThat(d)
        .isEqualTo(
            BDict.builder()
                .put("command", "offer")
                .put("call-id", "abc")
                .put("flags", BList.ofStrings(List.of("trust-address")))
                .put("delete-delay", 0)
                .put("codec", BDict.builder().put("strip", BList.ofStrings(List.of("all"))).build())
                .build());
  }

  @Test
  void booleansBecomeOneAndZeroAsInRtpengine() throws Exception {
    BDict d = decode("{\"fatal\":true,\"fast\":false}");
    assertThat(d.get("fatal")).isEqualTo(BInteger.of(1));
    assertThat(d.get("fast")).isEqualTo(BInteger.of(0));
  }

  @Test
  void unescapesStringsIntoUtf8() throws Exception {
    BDict d = decode("{\"s\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\"}");
    assertThat(((BString) d.get("s")).asString()).isEqualTo("a\"b\\c/d\né\uD83D\uDE00");
  }

  @Test
  void keepsRawUtf8() throws Exception {
    assertThat(((BString) decode("{\"n\":\"Zoë ☎\"}").get("n")).asString()).isEqualTo("Zoë ☎");
  }

  @Test
  void readsIntegersAtTheEdgesOf64Bits() throws Exception {
    BDict d = decode("{\"a\":-9223372036854775808,\"b\":9223372036854775807,\"c\":0}");
    assertThat(d.get("a")).isEqualTo(BInteger.of(Long.MIN_VALUE));
    assertThat(d.get("b")).isEqualTo(BInteger.of(Long.MAX_VALUE));
  }

  @Test
  void aRepeatedKeyReplacesTheEarlierValueAsRtpenginesParserDoes() throws Exception {
    var d = decode("{\"a\":1,\"b\":\"x\",\"a\":2}");
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.get("a")).isEqualTo(io.isthmus.ng.bencode.BInteger.of(2));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"command":null}         | false
          {"x":1.5}                | false
          [1]                      | false
          {"a" 1}                  | true
          {"a":1} x                | true
          """)
  void tellsJsonThatNgCannotCarryFromNonJson(String input, boolean syntax) {
    assertThatThrownBy(() -> decode(input))
        .isInstanceOfSatisfying(
            JsonSyntaxException.class, e -> assertThat(e.isSyntax()).isEqualTo(syntax));
  }

  @ParameterizedTest(name = "{0} -> {1} at {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          ``                       | expected a JSON object                                 | 0
          [1]                      | expected a JSON object                                 | 0
          {"command":null}         | null is not supported in an NG message                 | 11
          {"x":1.5}                | fractional numbers are not supported in an NG message  | 5
          {"x":1e3}                | fractional numbers are not supported in an NG message  | 5
          {"x":01}                 | leading zero in number                                 | 5
          {"x":-}                  | expected digits in number                              | 5
          {"x":99999999999999999999} | integer does not fit in 64 bits                      | 5
          {"a":1,}                 | expected a string as object key                        | 7
          {"a" 1}                  | expected ':' after object key, found '1'               | 5
          {"a":1 "b":2}            | expected ',' or '}' in object, found '"'               | 7
          {"a":[1 2]}              | expected ',' or ']' in array, found '2'                | 8
          {"a":"abc                | unexpected end of input in string                      | 9
          {"a":"\\x"}              | invalid escape 'x'                                     | 7
          {"a":"\\ud800"}          | unpaired surrogate in \\u escape                       | 6
          {"a":"\\u12"}            | expected a hex digit in \\u escape                     | 10
          {"a":tru}                | expected 'true'                                        | 5
          {"a":1} x                | trailing bytes after the object                        | 8
          {"a":}                   | unexpected '}', expected a value                       | 5
          """)
  void refusesMalformedJsonWithOffsetAndReason(String input, String reason, int offset) {
    assertThatThrownBy(() -> decode(input.replace("\\\\", "\\")))
        .isInstanceOfSatisfying(
            JsonSyntaxException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason.replace("\\\\", "\\"));
              assertThat(e.offset()).isEqualTo(offset);
            });
  }

  @Test
  void refusesAControlCharacterInAString() {
    assertThatThrownBy(() -> decode("{\"a\":\"x\ny\"}"))
        .hasMessage("control character 0x0a in string at offset 7");
  }

  @Test
  void refusesNestingDeeperThanTheLimit() {
    String deep = "{\"a\":" + "[".repeat(32) + "]".repeat(32) + "}";
    assertThatThrownBy(() -> decode(deep)).hasMessage("nesting deeper than 32 at offset 36");
  }
}
