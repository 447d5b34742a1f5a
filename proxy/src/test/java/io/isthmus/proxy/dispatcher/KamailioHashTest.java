package io.isthmus.proxy.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference values computed by a C build of {@code ds_get_hash} as documented (x86, signed char),
 * so that a call lands on the same gateway index as under Kamailio.
 */
class KamailioHashTest {

  @ParameterizedTest
  @CsvSource({
    "a84b4c76e66710@pc33.atlanta.com, 2175018094",
    "call-1, 1864287598",
    "x, 119",
    "abcd, 1834959896",
  })
  void hashesACallIdAsKamailio(String callId, long expected) {
    assertThat(Integer.toUnsignedLong(KamailioHash.callId(callId))).isEqualTo(expected);
  }

  @Test
  void readsBytesAboveAsciiAsSignedLikeKamailioOnX86() {
    assertThat(Integer.toUnsignedLong(KamailioHash.callId("été-€"))).isEqualTo(1998091677L);
  }

  @Test
  void anEmptyKeyHashesToOneNotZero() {
    assertThat(KamailioHash.callId("")).isEqualTo(1);
  }

  @Test
  void trimsTheCallId() {
    assertThat(KamailioHash.callId("  call-1 ")).isEqualTo(KamailioHash.callId("call-1"));
  }

  @Test
  void hashesUserThenHostAndKeepsOnlyANonDefaultPort() {
    long aliceDefaultPort =
        Integer.toUnsignedLong(
            KamailioHash.uri(Fixtures.uri("sip:alice@atlanta.com:5060;transport=udp"), false));
    long bobOtherPort =
        Integer.toUnsignedLong(KamailioHash.uri(Fixtures.uri("sip:bob@127.0.0.1:5080"), false));

    assertThat(aliceDefaultPort).isEqualTo(1053853112L);
    assertThat(bobOtherPort).isEqualTo(2766536321L);
    assertThat(KamailioHash.uri(Fixtures.uri("sips:alice@atlanta.com:5061"), false))
        .isEqualTo(KamailioHash.uri(Fixtures.uri("sip:alice@atlanta.com"), false));
  }

  @Test
  void userOnlyHashIgnoresTheHost() {
    assertThat(KamailioHash.uri(Fixtures.uri("sip:alice@atlanta.com"), true))
        .isEqualTo(KamailioHash.uri(Fixtures.uri("sip:alice@biloxi.com:5070"), true))
        .isEqualTo(KamailioHash.hash("alice".getBytes(StandardCharsets.UTF_8), null));
  }
}
