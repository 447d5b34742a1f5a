package io.isthmus.ng;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BencodeLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NgMessageTest {

  static NgMessage decode(String datagram) throws NgException {
    byte[] b = datagram.getBytes(UTF_8);
    BString cookie = NgMessage.cookie(b, 0, b.length);
    assertThat(cookie).isNotNull();
    return NgMessage.decode(b, 0, b.length, cookie, BencodeLimits.NG);
  }

  @Test
  void splitsTheCookieAtTheFirstSpace() throws Exception {
    NgMessage m = decode("5323_1 d7:command4:pinge");
    assertThat(m.cookie().asString()).isEqualTo("5323_1");
    assertThat(m.encoding()).isEqualTo(NgEncoding.BENCODE);
    assertThat(m.body()).isEqualTo(BDict.builder().put("command", "ping").build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"d7:command4:pinge", " d7:command4:pinge", ""})
  void aDatagramWithoutCookieHasNone(String datagram) {
    byte[] b = datagram.getBytes(UTF_8);
    assertThat(NgMessage.cookie(b, 0, b.length)).isNull();
  }

  @Test
  void aCookieLongerThanTheLimitIsRefused() {
    byte[] ok = ("x".repeat(NgMessage.MAX_COOKIE_LENGTH) + " de").getBytes(UTF_8);
    byte[] tooLong = ("x".repeat(NgMessage.MAX_COOKIE_LENGTH + 1) + " de").getBytes(UTF_8);
    assertThat(NgMessage.cookie(ok, 0, ok.length)).isNotNull();
    assertThat(NgMessage.cookie(tooLong, 0, tooLong.length)).isNull();
  }

  @Test
  void readsAJsonPayloadAndRepliesInJson() throws Exception {
    NgMessage m = decode("c1 {\"command\":\"ping\"}");
    assertThat(m.encoding()).isEqualTo(NgEncoding.JSON);
    byte[] reply = NgMessage.frame(m.cookie(), m.encoding(), NgResponse.pong().body());
    assertThat(new String(reply, UTF_8)).isEqualTo("c1 {\"result\":\"pong\"}");
  }

  @Test
  void framesABencodeReplyBehindTheCookie() {
    byte[] reply =
        NgMessage.frame(BString.of("5323_1"), NgEncoding.BENCODE, NgResponse.pong().body());
    assertThat(new String(reply, UTF_8)).isEqualTo("5323_1 d6:result4:ponge");
  }

  @Test
  void refusesPayloadsWithRtpenginesReasons() {
    assertThatThrownBy(() -> decode("c "))
        .isInstanceOf(NgException.class)
        .hasMessage("Invalid data (no payload)");
    assertThatThrownBy(() -> decode("c l4:pinge")).hasMessage("Invalid NG data format");
    assertThatThrownBy(() -> decode("c d7:command4pinge"))
        .hasMessage("Could not decode bencode dictionary")
        .isInstanceOfSatisfying(
            NgException.class,
            e ->
                assertThat(e.detail())
                    .isEqualTo("expected ':' after string length, found 'p' at offset 11"));
    assertThatThrownBy(() -> decode("c {\"command\":null}"))
        .hasMessage("Could not decode bencode dictionary");
    assertThatThrownBy(() -> decode("c {\"command\":\"ping\""))
        .hasMessage("Failed to parse JSON document");
  }

  @Test
  void ignoresBytesAfterTheDictionaryAsRtpengineDoes() throws Exception {
    assertThat(decode("c d7:command4:pingeXYZ").body().get("command"))
        .isEqualTo(BString.of("ping"));
  }
}
