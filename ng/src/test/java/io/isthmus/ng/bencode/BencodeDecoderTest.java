package io.isthmus.ng.bencode;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BencodeDecoderTest {

  static byte[] bytes(String s) {
    return s.getBytes(ISO_8859_1);
  }

  static BValue decode(String s) throws BencodeException {
    byte[] b = bytes(s);
    return BencodeDecoder.decode(b, 0, b.length);
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in =
        BencodeDecoderTest.class.getResourceAsStream("/io/isthmus/ng/fixtures/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void decodesAKamailioOfferWithUnsortedKeys() throws Exception {
    byte[] msg = fixture("offer-kamailio.bin");
    BDict d = BencodeDecoder.decodeDictionary(msg, 0, msg.length, BencodeLimits.NG);
    assertThat(d.size()).isEqualTo(13);
    assertThat(d.key(0).asString()).isEqualTo("supports"); // input order kept for reading
    assertThat(((BString) d.get("command")).asString()).isEqualTo("offer");
    assertThat(((BString) d.get("call-id")).asString())
        .isEqualTo("a84b4c76e66710@pc33.example.com");
    assertThat(((BString) d.get("sdp")).asString()).startsWith("v=0\r\no=- 1545997027");
    BList direction = (BList) d.get("direction");
    assertThat(direction).containsExactly(BString.of("public"), BString.of("private"));
    assertThat((BList) d.get("flags")).contains(BString.of("codec-strip-G729"));
    assertThat(d.get("to-tag")).isNull();
  }

  @Test
  void stringsAreViewsIntoTheInputBuffer() throws Exception {
    byte[] msg = bytes("d3:sdp3:v=0e");
    BDict d = BencodeDecoder.decodeDictionary(msg, 0, msg.length, BencodeLimits.NG);
    msg[10] = 'X';
    assertThat(d.get("sdp")).isEqualTo(BString.of("v=X"));
  }

  @Test
  void decodesAValueInsideALargerBuffer() throws Exception {
    byte[] msg = bytes("5323_1 d7:command4:pinge");
    BValue v = BencodeDecoder.decode(msg, 7, msg.length - 7);
    assertThat(v).isEqualTo(BDict.builder().put("command", "ping").build());
  }

  @Test
  void decodesIntegersAtTheEdgesOf64Bits() throws Exception {
    assertThat(decode("i9223372036854775807e")).isEqualTo(BInteger.of(Long.MAX_VALUE));
    assertThat(decode("i-9223372036854775808e")).isEqualTo(BInteger.of(Long.MIN_VALUE));
    assertThat(decode("i0e")).isEqualTo(BInteger.of(0));
    assertThat(decode("i-7e")).isEqualTo(BInteger.of(-7));
  }

  @Test
  void decodesEmptyContainersAndStrings() throws Exception {
    assertThat(decode("de")).isEqualTo(BDict.empty());
    assertThat(decode("le")).isEqualTo(BList.of());
    assertThat(decode("0:")).isEqualTo(BString.of(""));
  }

  @Test
  void lookupByNonAsciiKeyFindsTheUtf8Key() throws Exception {
    BDict d = (BDict) decode("d2:\u00c3\u00a9i1ee"); // key "é" in UTF-8
    assertThat(d.get("\u00e9")).isEqualTo(BInteger.of(1));
  }

  @Test
  void dictionariesWithTheSameEntriesInAnotherOrderAreEqual() throws Exception {
    assertThat(decode("d1:bi2e1:ai1ee")).isEqualTo(decode("d1:ai1e1:bi2ee"));
    assertThat(decode("d1:bi2e1:ai1ee").hashCode()).isEqualTo(decode("d1:ai1e1:bi2ee").hashCode());
  }

  @ParameterizedTest(name = "{0} -> {1} at {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                         | unexpected end of input, expected a value                 | 0
          d7:command4pinge           | expected ':' after string length, found 'p'              | 11
          d3:sdp9999:v=0e            | string length 9999 exceeds remaining 4 bytes              | 6
          d3:sdp99999999999999:xe    | string length above 2147483647 exceeds the limit of 65507 | 6
          d03:abci1ee                | leading zero in string length                             | 1
          i03e                       | leading zero in integer                                   | 0
          i-0e                       | negative zero                                             | 0
          ie                         | empty integer                                             | 0
          i-e                        | empty integer                                             | 0
          i12                        | unexpected end of input, expected 'e' after integer digits | 3
          i1x2e                      | expected 'e' after integer digits, found 'x'             | 2
          i9223372036854775808e      | integer does not fit in 64 bits                           | 0
          i-9223372036854775809e     | integer does not fit in 64 bits                           | 0
          d7:command4:pingeXYZ       | trailing bytes after the dictionary                       | 17
          d3:fooi1e3:fooi2ee         | duplicate key "foo"                                       | 9
          di1ei2ee                   | dictionary key must be a string, found 'i'                | 1
          d3:fooe                    | missing value for key "foo"                               | 6
          d3:foo                     | unexpected end of input, expected a value for key "foo"   | 6
          d3:fooi1e                  | unexpected end of input, expected 'e' or a dictionary key | 9
          l1:a                       | unexpected end of input, expected 'e' or a list item      | 4
          lxe                        | unexpected 'x', expected a value                          | 1
          e                          | unexpected 'e', expected a value                          | 0
          """)
  void refusesMalformedInputWithOffsetAndReason(String input, String reason, int offset) {
    assertThatThrownBy(() -> decode(input))
        .isInstanceOfSatisfying(
            BencodeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.offset()).isEqualTo(offset);
              assertThat(e.getMessage()).isEqualTo(reason + " at offset " + offset);
            });
  }

  @Test
  void describesANonPrintableByteInHex() {
    assertThatThrownBy(() -> decode("l\u0001e"))
        .hasMessage("unexpected 0x01, expected a value at offset 1");
  }

  @Test
  void refusesNestingDeeperThanTheLimit() throws Exception {
    String ok = "l".repeat(32) + "e".repeat(32);
    assertThat(decode(ok)).isInstanceOf(BList.class);
    String deep = "l".repeat(33) + "e".repeat(33);
    assertThatThrownBy(() -> decode(deep)).hasMessage("nesting deeper than 32 at offset 32");
  }

  @Test
  void refusesMoreElementsThanTheLimit() {
    BencodeLimits limits = new BencodeLimits(32, 3, 100, 100);
    byte[] msg = bytes("li1ei2ei3ee");
    assertThatThrownBy(() -> BencodeDecoder.decode(msg, 0, msg.length, limits))
        .hasMessage("more than 3 elements at offset 7");
  }

  @Test
  void refusesAStringLongerThanTheLimit() {
    BencodeLimits limits = new BencodeLimits(32, 100, 3, 100);
    byte[] msg = bytes("4:abcd");
    assertThatThrownBy(() -> BencodeDecoder.decode(msg, 0, msg.length, limits))
        .hasMessage("string length 4 exceeds the limit of 3 at offset 0");
  }

  @Test
  void refusesAMessageLargerThanTheLimit() {
    BencodeLimits limits = new BencodeLimits(32, 100, 100, 5);
    byte[] msg = bytes("6:abcdef");
    assertThatThrownBy(() -> BencodeDecoder.decode(msg, 0, msg.length, limits))
        .hasMessage("message of 8 bytes exceeds the limit of 5 at offset 0");
  }

  @Test
  void offsetsCountFromTheStartOfTheValueNotOfTheBuffer() {
    byte[] msg = bytes("cookie d3:fooi1e3:fooi2ee");
    assertThatThrownBy(() -> BencodeDecoder.decode(msg, 7, msg.length - 7))
        .isInstanceOfSatisfying(BencodeException.class, e -> assertThat(e.offset()).isEqualTo(9));
  }

  @Test
  void findsDuplicateKeysInLargeDictionaries() {
    StringBuilder sb = new StringBuilder("d");
    for (int i = 0; i < 40; i++) {
      sb.append(String.format("3:k%02di%de", i, i));
    }
    sb.append("3:k07i0ee");
    assertThatThrownBy(() -> decode(sb.toString())).hasMessageStartingWith("duplicate key \"k07\"");
  }

  @Test
  void decodeDictionaryRefusesAnotherTopLevelType() {
    byte[] msg = bytes("l4:pinge");
    assertThatThrownBy(() -> BencodeDecoder.decodeDictionary(msg, 0, msg.length, BencodeLimits.NG))
        .hasMessage("expected a dictionary ('d'), found 'l' at offset 0");
  }
}
