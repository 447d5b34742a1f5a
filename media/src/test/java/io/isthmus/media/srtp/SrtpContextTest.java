package io.isthmus.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Round trips, tampering, replay, rollover and MKI handling of {@link SrtpContext}. */
class SrtpContextTest {
  static final SecureRandom RANDOM = new SecureRandom();

  /** RTP (RFC 3550 §5.1): V=2 P=0 X=0 CC=0 M=0 PT=0, seq, ts, ssrc, then {@code payload} bytes. */
  static byte[] rtp(int seq, long ssrc, int payload) {
    byte[] p = new byte[12 + payload + 20];
    p[0] = (byte) 0x80;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[7] = (byte) seq; // timestamp low byte
    p[8] = (byte) (ssrc >> 24);
    p[9] = (byte) (ssrc >> 16);
    p[10] = (byte) (ssrc >> 8);
    p[11] = (byte) ssrc;
    for (int i = 12; i < 12 + payload; i++) {
      p[i] = (byte) (i * 7 + seq);
    }
    return p;
  }

  record Pair(SrtpContext sender, SrtpContext receiver) {
    static Pair of(SrtpSuite suite) {
      MasterKey k = MasterKey.random(suite, RANDOM);
      return new Pair(SrtpContext.sender(k), SrtpContext.receiver(k, 0));
    }
  }

  static byte[] protect(SrtpContext c, int seq, long ssrc) {
    byte[] p = rtp(seq, ssrc, 160);
    int n = c.protectRtp(p, 0, 172);
    return Arrays.copyOf(p, n);
  }

  @Test
  void bothSuitesRoundTripWithTheirTagLengths() {
    for (SrtpSuite suite : SrtpSuite.values()) {
      Pair pair = Pair.of(suite);
      byte[] srtp = protect(pair.sender(), 7, 0x1234);
      assertThat(srtp.length).as(suite.name()).isEqualTo(172 + suite.srtpTagLength());
      if (suite.cipher() == SrtpSuite.Cipher.NULL) {
        assertThat(Arrays.copyOfRange(srtp, 12, 172))
            .as("NULL cipher: payload in the clear, authenticated")
            .isEqualTo(Arrays.copyOfRange(rtp(7, 0x1234, 160), 12, 172));
      } else {
        assertThat(Arrays.copyOfRange(srtp, 12, 172))
            .as("payload encrypted")
            .isNotEqualTo(Arrays.copyOfRange(rtp(7, 0x1234, 160), 12, 172));
      }
      int n = pair.receiver().unprotectRtp(srtp, 0, srtp.length);
      assertThat(Arrays.copyOf(srtp, n)).isEqualTo(Arrays.copyOf(rtp(7, 0x1234, 160), 172));
    }
  }

  @Test
  void everySuiteRefusesATamperedPacketAndRoundTripsSrtcp() {
    for (SrtpSuite suite : SrtpSuite.values()) {
      Pair pair = Pair.of(suite);
      byte[] srtp = protect(pair.sender(), 8, 0x77);
      srtp[20] ^= 1;
      assertThat(pair.receiver().unprotectRtp(srtp, 0, srtp.length))
          .as(suite.name())
          .isEqualTo(SrtpContext.FORGED);
      byte[] rr = SrtpVectorsTest.RTCP_PLAIN;
      byte[] p = Arrays.copyOf(rr, rr.length + SrtpContext.RTCP_OVERHEAD);
      int n = pair.sender().protectRtcp(p, 0, rr.length);
      assertThat(n).as(suite.name()).isEqualTo(rr.length + 4 + suite.srtcpTagLength());
      assertThat(pair.receiver().unprotectRtcp(p, 0, n)).as(suite.name()).isEqualTo(rr.length);
      assertThat(Arrays.copyOf(p, rr.length)).as(suite.name()).isEqualTo(rr);
    }
  }

  @Test
  void aTamperedPacketIsRefusedAsForgedAndCounted() {
    Pair pair = Pair.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
    byte[] srtp = protect(pair.sender(), 1, 99);
    srtp[40] ^= 1;
    assertThat(pair.receiver().unprotectRtp(srtp, 0, srtp.length)).isEqualTo(SrtpContext.FORGED);
    assertThat(pair.receiver().failures()).containsExactly(0, 0, 1);
    srtp[40] ^= 1;
    assertThat(pair.receiver().unprotectRtp(srtp, 0, srtp.length))
        .as("the genuine packet still passes: a forgery does not poison the state")
        .isEqualTo(172);
  }

  @Test
  void aReplayedPacketIsRefused() {
    Pair pair = Pair.of(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
    byte[] srtp = protect(pair.sender(), 1000, 5);
    byte[] copy = srtp.clone();
    assertThat(pair.receiver().unprotectRtp(srtp, 0, srtp.length)).isEqualTo(172);
    assertThat(pair.receiver().unprotectRtp(copy, 0, copy.length)).isEqualTo(SrtpContext.REPLAYED);
  }

  @Test
  void reorderedPacketsInsideTheWindowPassAndOlderOnesAreRefused() {
    Pair pair = Pair.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
    byte[][] packets = new byte[100][];
    for (int i = 0; i < 100; i++) {
      packets[i] = protect(pair.sender(), 500 + i, 5);
    }
    SrtpContext rx = pair.receiver();
    assertThat(rx.unprotectRtp(packets[0], 0, packets[0].length)).isEqualTo(172);
    assertThat(rx.unprotectRtp(packets[99], 0, packets[99].length)).isEqualTo(172);
    assertThat(rx.unprotectRtp(packets[50], 0, packets[50].length))
        .as("49 behind the highest: inside the 64-packet window")
        .isEqualTo(172);
    assertThat(rx.unprotectRtp(packets[30], 0, packets[30].length))
        .as("69 behind: outside the window")
        .isEqualTo(SrtpContext.REPLAYED);
  }

  @Test
  void theRolloverCounterFollowsTheSequenceNumberWrap() {
    Pair pair = Pair.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
    SrtpContext rx = pair.receiver();
    int seq = 65530;
    for (int i = 0; i < 20; i++, seq = (seq + 1) & 0xFFFF) {
      byte[] srtp = protect(pair.sender(), seq, 77);
      assertThat(rx.unprotectRtp(srtp, 0, srtp.length)).as("seq %d", seq).isEqualTo(172);
    }
    // A packet of the last round before the wrap, late: index with ROC 0, still in the window.
    SrtpContext tx = pair.sender();
    byte[] late = rtp(65534, 77, 160);
    // The sender saw 65534 before: it estimates ROC 0 for it too.
    int n = tx.protectRtp(late, 0, 172);
    assertThat(rx.unprotectRtp(late, 0, n))
        .as("replayed index, refused")
        .isEqualTo(SrtpContext.REPLAYED);
  }

  @Test
  void aReceiverWithoutTheRolloverCannotAuthenticateAfterTheWrap() {
    // Independent check of the ROC in the MAC: a receiver that starts after the wrap guesses ROC 0
    // and must fail, since the sender authenticated with ROC 1 (RFC 3711 §4.2).
    Pair pair = Pair.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
    protect(pair.sender(), 65535, 3);
    byte[] afterWrap = protect(pair.sender(), 0, 3);
    assertThat(pair.receiver().unprotectRtp(afterWrap, 0, afterWrap.length))
        .isEqualTo(SrtpContext.FORGED);
  }

  @Test
  void srtcpRoundTripsAndRefusesReplayAndTampering() {
    Pair pair = Pair.of(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
    byte[] rr = SrtpVectorsTest.RTCP_PLAIN;
    byte[] p = Arrays.copyOf(rr, rr.length + SrtpContext.RTCP_OVERHEAD);
    int n = pair.sender().protectRtcp(p, 0, rr.length);
    assertThat(n).as("80-bit tag for SRTCP even with the _32 suite").isEqualTo(rr.length + 14);
    byte[] replay = p.clone();
    byte[] tampered = p.clone();
    assertThat(pair.receiver().unprotectRtcp(p, 0, n)).isEqualTo(rr.length);
    assertThat(Arrays.copyOf(p, rr.length)).isEqualTo(rr);
    assertThat(pair.receiver().unprotectRtcp(replay, 0, n)).isEqualTo(SrtpContext.REPLAYED);
    byte[] second = Arrays.copyOf(rr, rr.length + SrtpContext.RTCP_OVERHEAD);
    int m = pair.sender().protectRtcp(second, 0, rr.length);
    second[10] ^= 0x40;
    assertThat(pair.receiver().unprotectRtcp(second, 0, m)).isEqualTo(SrtpContext.FORGED);
    tampered[0] = 0;
    assertThat(pair.receiver().unprotectRtcp(tampered, 0, n)).isEqualTo(SrtpContext.MALFORMED);
  }

  @Test
  void anMkiBeforeTheTagIsSkipped() {
    MasterKey k = MasterKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
    byte[] srtp = protect(SrtpContext.sender(k), 9, 1);
    // RFC 3711 §3.1: the MKI (here 4 bytes, "|1:4") sits between payload and tag, unauthenticated.
    byte[] withMki = new byte[srtp.length + 4];
    System.arraycopy(srtp, 0, withMki, 0, 172);
    withMki[172 + 3] = 1;
    System.arraycopy(srtp, 172, withMki, 176, 10);
    assertThat(SrtpContext.receiver(k, 4).unprotectRtp(withMki, 0, withMki.length)).isEqualTo(172);
  }

  @Test
  void truncatedPacketsAreMalformed() {
    Pair pair = Pair.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
    byte[] srtp = protect(pair.sender(), 1, 1);
    assertThat(pair.receiver().unprotectRtp(srtp, 0, 15)).isEqualTo(SrtpContext.MALFORMED);
    assertThat(pair.receiver().unprotectRtcp(srtp, 0, 20)).isEqualTo(SrtpContext.MALFORMED);
  }

  @Test
  void inlineKeysRoundTripAndWrongLengthsAreRefused() {
    MasterKey k = MasterKey.random(SrtpSuite.AES_256_CM_HMAC_SHA1_80, RANDOM);
    assertThat(k.inline()).doesNotContain("=");
    MasterKey back = MasterKey.fromInline(SrtpSuite.AES_256_CM_HMAC_SHA1_80, k.inline());
    assertThat(back.key()).isEqualTo(k.key());
    assertThat(back.salt()).isEqualTo(k.salt());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MasterKey.fromInline(SrtpSuite.AES_CM_128_HMAC_SHA1_80, k.inline()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("30 bytes, has 46");
  }
}
