package io.isthmus.ng.bencode;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class BencodeEncoderTest {

  private static String encode(BValue v) {
    return new String(BencodeEncoder.encode(v), US_ASCII);
  }

  @Test
  void encodesThePingExampleOfTheNgDocumentation() {
    assertThat(encode(BDict.builder().put("command", "ping").build()))
        .isEqualTo("d7:command4:pinge");
    assertThat(encode(BDict.builder().put("result", "pong").build())).isEqualTo("d6:result4:ponge");
  }

  @Test
  void encodesScalars() {
    assertThat(encode(BString.of(""))).isEqualTo("0:");
    assertThat(encode(BString.of("spam"))).isEqualTo("4:spam");
    assertThat(encode(BInteger.of(0))).isEqualTo("i0e");
    assertThat(encode(BInteger.of(-42))).isEqualTo("i-42e");
    assertThat(encode(BInteger.of(Long.MAX_VALUE))).isEqualTo("i9223372036854775807e");
    assertThat(encode(BInteger.of(Long.MIN_VALUE))).isEqualTo("i-9223372036854775808e");
  }

  @Test
  void encodesUtf8StringsWithTheirByteLength() {
    assertThat(BencodeEncoder.encode(BString.of("é"))).containsExactly('2', ':', 0xc3, 0xa9);
  }

  @Test
  void writesDictionaryKeysInRawByteOrderWhateverTheInsertionOrder() {
    BDict d =
        BDict.builder()
            .put("to-tag", "b")
            .put("command", "answer")
            .put("call-id", "x")
            .put("\u00e9", 1) // 0xc3 0xa9 sorts after every ASCII key as unsigned bytes
            .put("Z", 2) // uppercase sorts before lowercase
            .build();
    assertThat(BencodeEncoder.encode(d))
        .isEqualTo(
            "d1:Zi2e7:call-id1:x7:command6:answer6:to-tag1:b2:\u00c3\u00a9i1ee"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void encodesNestedListsAndDictionaries() {
    BDict d =
        BDict.builder()
            .put("flags", BList.ofStrings(List.of("trust-address", "strict-source")))
            .put("codec", BDict.builder().put("strip", BList.ofStrings(List.of("all"))).build())
            .put("empty", BList.of())
            .build();
    assertThat(encode(d))
        .isEqualTo("d5:codecd5:stripl3:allee5:emptyle5:flagsl13:trust-address13:strict-sourceee");
  }

  @Test
  void precomputedLengthIsExact() {
    BDict d =
        BDict.builder()
            .put("result", "ok")
            .put("sdp", "v=0\r\n".repeat(300))
            .put("n", -1234567890123L)
            .build();
    assertThat(BencodeEncoder.encodedLength(d)).isEqualTo(BencodeEncoder.encode(d).length);
  }

  @Test
  void writesAtAnOffsetAndReturnsTheEnd() {
    byte[] out = new byte[20];
    int end = BencodeEncoder.encode(BString.of("ab"), out, 5);
    assertThat(end).isEqualTo(9);
    assertThat(new String(out, 5, 4, US_ASCII)).isEqualTo("2:ab");
  }

  @Test
  void writesIntoAByteBufferAndAdvancesIt() {
    ByteBuffer heap = ByteBuffer.allocate(16).position(3);
    BencodeEncoder.encode(BInteger.of(7), heap);
    assertThat(heap.position()).isEqualTo(6);
    ByteBuffer direct = ByteBuffer.allocateDirect(16);
    BencodeEncoder.encode(BString.of("xyz"), direct);
    assertThat(direct.position()).isEqualTo(5);
  }

  @Test
  void refusesABufferThatIsTooSmall() {
    assertThatThrownBy(() -> BencodeEncoder.encode(BString.of("abc"), ByteBuffer.allocate(3)))
        .isInstanceOf(java.nio.BufferOverflowException.class);
  }

  @Test
  void builderReplacesARepeatedKeyInPlace() {
    BDict d = BDict.builder().put("a", 1).put("b", 2).put("a", 3).build();
    assertThat(d.size()).isEqualTo(2);
    assertThat(encode(d)).isEqualTo("d1:ai3e1:bi2ee");
  }
}
