package io.isthmus.media.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** STUN encoding against the test vectors of RFC 5769. */
class StunTest {
  static final HexFormat HEX = HexFormat.of();
  static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

  /** RFC 5769 §2.1: a Binding request with ICE attributes, integrity and fingerprint. */
  static final byte[] SAMPLE_REQUEST =
      HEX.parseHex(
          "000100582112a442b7e7a701bc34d686fa87dfae"
              + "802200105354554e207465737420636c69656e74" // SOFTWARE "STUN test client"
              + "002400046e0001ff" // PRIORITY
              + "80290008932ff9b151263b36" // ICE-CONTROLLED
              + "000600096576746a3a68367659202020" // USERNAME "evtj:h6vY"
              + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" // MESSAGE-INTEGRITY
              + "80280004e57a3bcf"); // FINGERPRINT

  /** RFC 5769 §2.2: the IPv4 Binding success response (192.0.2.1:32853). */
  static final byte[] SAMPLE_RESPONSE =
      HEX.parseHex(
          "0101003c2112a442b7e7a701bc34d686fa87dfae"
              + "8022000b7465737420766563746f7220" // SOFTWARE "test vector"
              + "002000080001a147e112a643" // XOR-MAPPED-ADDRESS
              + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7" // MESSAGE-INTEGRITY
              + "80280004c07d4c96"); // FINGERPRINT

  @Test
  void theSampleRequestParsesAndItsIntegrityAndFingerprintVerify() {
    Stun.Message m = Stun.parse(SAMPLE_REQUEST);
    assertThat(m).isNotNull();
    assertThat(m.type()).isEqualTo(Stun.BINDING_REQUEST);
    assertThat(m.username()).isEqualTo("evtj:h6vY");
    assertThat(m.priority()).isEqualTo(0x6e0001ffL);
    assertThat(m.controlled()).isTrue();
    assertThat(m.controlling()).isFalse();
    assertThat(m.useCandidate()).isFalse();
    assertThat(m.fingerprintOk()).isTrue();
    assertThat(m.integrityValid(PASSWORD)).isTrue();
    assertThat(m.integrityValid(PASSWORD + "x")).isFalse();
  }

  @Test
  void aChangedByteBreaksTheFingerprintAndTheIntegrity() {
    byte[] p = SAMPLE_REQUEST.clone();
    p[30] ^= 1; // inside SOFTWARE
    Stun.Message m = Stun.parse(p);
    assertThat(m.fingerprintOk()).isFalse();
    assertThat(m.integrityValid(PASSWORD)).isFalse();
  }

  @Test
  void theSuccessResponseIsTheSampleResponseByteForByte() throws Exception {
    byte[] tid = HEX.parseHex("b7e7a701bc34d686fa87dfae");
    var source = new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 32853);
    assertThat(HEX.formatHex(Stun.bindingSuccess(tid, source, PASSWORD, "test vector")))
        .isEqualTo(HEX.formatHex(SAMPLE_RESPONSE));
  }

  @Test
  void errorResponsesCarryTheCodeAndAFingerprintButNoIntegrity() {
    byte[] tid = HEX.parseHex("b7e7a701bc34d686fa87dfae");
    byte[] r = Stun.bindingError(tid, 401, "Unauthorized");
    Stun.Message m = Stun.parse(r);
    assertThat(m.type()).isEqualTo(Stun.BINDING_ERROR);
    assertThat(m.fingerprintOk()).isTrue();
    assertThat(m.integrityAt()).isEqualTo(-1);
    // ERROR-CODE: class 4, number 1 (RFC 5389 §15.6)
    assertThat(HEX.formatHex(r, 20, 28)).isEqualTo("0009001000000401");
  }

  @Test
  void onlyStunIsTakenForStunOnAMediaPort() {
    assertThat(Stun.isStun(Unpooled.wrappedBuffer(SAMPLE_REQUEST))).isTrue();
    byte[] rtp = HEX.parseHex("80001234000000a0112233440000000000000000");
    assertThat(Stun.isStun(Unpooled.wrappedBuffer(rtp))).isFalse();
    byte[] noCookie = SAMPLE_REQUEST.clone();
    noCookie[4] = 0;
    assertThat(Stun.isStun(Unpooled.wrappedBuffer(noCookie))).isFalse();
    assertThat(Stun.isStun(Unpooled.wrappedBuffer(new byte[19]))).isFalse();
  }

  @Test
  void truncatedOrMisalignedMessagesAreRefused() {
    assertThat(Stun.parse(java.util.Arrays.copyOf(SAMPLE_REQUEST, 40))).isNull();
    byte[] badLength = SAMPLE_REQUEST.clone();
    badLength[3] = 0x57;
    assertThat(Stun.parse(badLength)).isNull();
  }
}
