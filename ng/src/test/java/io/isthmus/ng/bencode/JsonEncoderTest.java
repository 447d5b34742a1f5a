package io.isthmus.ng.bencode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonEncoderTest {

  @Test
  void writesCompactJsonInInsertionOrder() {
    BDict reply =
        BDict.builder()
            .put("result", "ok")
            .put("sdp", "v=0\r\n\"q\"\\\u0001")
            .put("n", -5)
            .put("l", BList.ofStrings(List.of("a", "é")))
            .build();
    assertThat(new String(JsonEncoder.encode(reply), UTF_8))
        .isEqualTo(
            "{\"result\":\"ok\",\"sdp\":\"v=0\\r\\n\\\"q\\\"\\\\\\u0001\",\"n\":-5,\"l\":[\"a\",\"é\"]}");
  }

  @Test
  void replacesInvalidUtf8WithTheReplacementCharacter() {
    BDict d = BDict.builder().put("b", new byte[] {'a', (byte) 0xff}).build();
    assertThat(new String(JsonEncoder.encode(d), UTF_8)).isEqualTo("{\"b\":\"a\uFFFD\"}");
  }
}
