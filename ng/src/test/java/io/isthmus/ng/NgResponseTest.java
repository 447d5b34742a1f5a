package io.isthmus.ng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BencodeEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NgResponseTest {

  private static String bencode(NgResponse r) {
    return new String(BencodeEncoder.encode(r.body()), StandardCharsets.UTF_8);
  }

  @Test
  void buildsTheFourResults() {
    assertThat(bencode(NgResponse.pong())).isEqualTo("d6:result4:ponge");
    assertThat(bencode(NgResponse.ok())).isEqualTo("d6:result2:oke");
    assertThat(bencode(NgResponse.error("Unknown call-id")))
        .isEqualTo("d12:error-reason15:Unknown call-id6:result5:errore");
    assertThat(bencode(NgResponse.loadLimit(NgResponse.SESSION_LIMIT)))
        .isEqualTo("d7:message30:Parallel session limit reached6:result10:load limite");
  }

  @Test
  void anOkReplyCarriesMoreKeysAndAWarning() {
    NgResponse r = NgResponse.okBuilder().put("sdp", "v=0\r\n").warning("careful").build();
    assertThat(r.isSuccess()).isTrue();
    assertThat(r.warning()).isEqualTo("careful");
    assertThat(bencode(r)).isEqualTo("d6:result2:ok3:sdp5:v=0\r\n7:warning7:carefule");
    assertThatThrownBy(() -> NgResponse.okBuilder().put("result", "error"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsAReceivedReply() throws Exception {
    NgResponse r =
        NgResponse.of(
            BDict.builder().put("result", "error").put("error-reason", "Ran out of ports").build());
    assertThat(r.isSuccess()).isFalse();
    assertThat(r.errorReason()).isEqualTo(NgResponse.OUT_OF_PORTS);
    assertThatThrownBy(() -> NgResponse.of(BDict.empty())).hasMessage("Reply has no \"result\"");
  }
}
