package io.isthmus.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtpHeaderTest {

  /** A PCMU packet: fixed header only, 4 payload bytes. */
  private static final byte[] PCMU =
      bytes(
          0x80, // V=2 P=0 X=0 CC=0
          0x80, // M=1 PT=0 (PCMU)
          0x16, 0xAF, // seq=5807
          0x00, 0x01, 0xE2, 0x40, // timestamp=123456
          0xDE, 0xAD, 0xBE, 0xEF, // SSRC=0xDEADBEEF
          0xFF, 0xFE, 0x7F, 0x00); // payload

  /** CSRCs, a header extension and padding, at offset 3 inside a larger array. */
  private static final byte[] FULL =
      bytes(
          0xAA, 0xBB, 0xCC, // three bytes before the packet
          0xB2, // V=2 P=1 X=1 CC=2
          0x60, // M=0 PT=96
          0xFF, 0xFF, // seq=65535
          0xFF, 0xFF, 0xFF, 0xFF, // timestamp=4294967295
          0x00, 0x00, 0x00, 0x01, // SSRC=1
          0x00, 0x00, 0x00, 0x02, // CSRC 1
          0x00, 0x00, 0x00, 0x03, // CSRC 2
          0xBE, 0xDE, 0x00, 0x01, // extension profile 0xBEDE (RFC 8285), length=1 word
          0x10, 0xAA, 0x00, 0x00, // one extension element + padding to the word
          0x11, 0x22, // payload
          0x00, 0x00, 0x03); // padding: 3 octets, the last one counts them

  @Test
  void readsEveryFixedHeaderFieldFromByteBuf() {
    ByteBuf b = Unpooled.wrappedBuffer(PCMU);
    assertThat(RtpHeader.isValid(b, 0, PCMU.length)).isTrue();
    assertThat(RtpHeader.version(b, 0)).isEqualTo(2);
    assertThat(RtpHeader.hasPadding(b, 0)).isFalse();
    assertThat(RtpHeader.hasExtension(b, 0)).isFalse();
    assertThat(RtpHeader.csrcCount(b, 0)).isZero();
    assertThat(RtpHeader.marker(b, 0)).isTrue();
    assertThat(RtpHeader.payloadType(b, 0)).isZero();
    assertThat(RtpHeader.sequenceNumber(b, 0)).isEqualTo(5807);
    assertThat(RtpHeader.timestamp(b, 0)).isEqualTo(123456L);
    assertThat(RtpHeader.ssrc(b, 0)).isEqualTo(0xDEADBEEFL);
    assertThat(RtpHeader.headerLength(b, 0)).isEqualTo(12);
    assertThat(RtpHeader.paddingLength(b, 0, PCMU.length)).isZero();
  }

  @Test
  void readsTheSameFieldsFromByteArray() {
    assertThat(RtpHeader.isValid(PCMU, 0, PCMU.length)).isTrue();
    assertThat(RtpHeader.version(PCMU, 0)).isEqualTo(2);
    assertThat(RtpHeader.marker(PCMU, 0)).isTrue();
    assertThat(RtpHeader.payloadType(PCMU, 0)).isZero();
    assertThat(RtpHeader.sequenceNumber(PCMU, 0)).isEqualTo(5807);
    assertThat(RtpHeader.timestamp(PCMU, 0)).isEqualTo(123456L);
    assertThat(RtpHeader.ssrc(PCMU, 0)).isEqualTo(0xDEADBEEFL);
    assertThat(RtpHeader.headerLength(PCMU, 0)).isEqualTo(12);
  }

  @Test
  void countsCsrcsExtensionAndPaddingAtAnOffset() {
    int len = FULL.length - 3;
    ByteBuf b = Unpooled.wrappedBuffer(FULL);
    assertThat(RtpHeader.isValid(b, 3, len)).isTrue();
    assertThat(RtpHeader.isValid(FULL, 3, len)).isTrue();
    assertThat(RtpHeader.hasPadding(b, 3)).isTrue();
    assertThat(RtpHeader.hasExtension(FULL, 3)).isTrue();
    assertThat(RtpHeader.csrcCount(b, 3)).isEqualTo(2);
    assertThat(RtpHeader.marker(FULL, 3)).isFalse();
    assertThat(RtpHeader.payloadType(b, 3)).isEqualTo(96);
    assertThat(RtpHeader.sequenceNumber(b, 3)).isEqualTo(65535);
    assertThat(RtpHeader.timestamp(FULL, 3)).isEqualTo(0xFFFF_FFFFL);
    assertThat(RtpHeader.ssrc(b, 3)).isEqualTo(1L);
    // 12 fixed + 2*4 CSRC + 4 extension header + 1*4 extension data
    assertThat(RtpHeader.headerLength(b, 3)).isEqualTo(28);
    assertThat(RtpHeader.headerLength(FULL, 3)).isEqualTo(28);
    assertThat(RtpHeader.paddingLength(b, 3, len)).isEqualTo(3);
  }

  @Test
  void rejectsTruncatedOrForeignPackets() {
    ByteBuf pcmu = Unpooled.wrappedBuffer(PCMU);
    assertThat(RtpHeader.isValid(pcmu, 0, 11)).as("shorter than fixed header").isFalse();
    ByteBuf v1 = Unpooled.wrappedBuffer(bytes(0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)); // V=1
    assertThat(RtpHeader.isValid(v1, 0, 12)).isFalse();
    byte[] csrcMissing = PCMU.clone();
    csrcMissing[0] = (byte) 0x85; // V=2 CC=5: 20 bytes of CSRC that are not there
    assertThat(RtpHeader.isValid(Unpooled.wrappedBuffer(csrcMissing), 0, 16)).isFalse();
    assertThat(RtpHeader.isValid(csrcMissing, 0, 16)).isFalse();
    byte[] extensionCut = PCMU.clone();
    extensionCut[0] = (byte) 0x90; // V=2 X=1: extension header needs bytes 12..15
    extensionCut[14] = 0x7F; // length=0x7F00 words: far past the end
    assertThat(RtpHeader.isValid(Unpooled.wrappedBuffer(extensionCut), 0, 16)).isFalse();
    byte[] paddingTooLong = PCMU.clone();
    paddingTooLong[0] = (byte) 0xA0; // V=2 P=1
    paddingTooLong[15] = 10; // 10 padding octets but only 4 after the header
    assertThat(RtpHeader.isValid(Unpooled.wrappedBuffer(paddingTooLong), 0, 16)).isFalse();
    paddingTooLong[15] = 0; // a zero padding count is invalid too
    assertThat(RtpHeader.isValid(paddingTooLong, 0, 16)).isFalse();
  }

  @Test
  void writesPayloadTypeKeepingMarkerAndRewritesSequenceTimestampSsrc() {
    ByteBuf b = Unpooled.copiedBuffer(PCMU);
    RtpHeader.setPayloadType(b, 0, 8);
    RtpHeader.setSequenceNumber(b, 0, 65535);
    RtpHeader.setTimestamp(b, 0, 0xFFFF_FFFEL);
    RtpHeader.setSsrc(b, 0, 0x01020304L);

    assertThat(RtpHeader.marker(b, 0)).isTrue();
    assertThat(RtpHeader.payloadType(b, 0)).isEqualTo(8);
    assertThat(RtpHeader.sequenceNumber(b, 0)).isEqualTo(65535);
    assertThat(RtpHeader.timestamp(b, 0)).isEqualTo(0xFFFF_FFFEL);
    assertThat(RtpHeader.ssrc(b, 0)).isEqualTo(0x01020304L);
    assertThat(b.getByte(12)).as("payload untouched").isEqualTo((byte) 0xFF);
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
