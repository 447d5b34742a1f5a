package io.isthmus.media.rtp;

import static io.isthmus.media.rtp.RtpHeaderTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtcpPacketTest {

  /** A compound packet: SR with one report block, then SDES with a CNAME. */
  static final byte[] SR_SDES =
      bytes(
          0x81, // V=2 P=0 RC=1
          0xC8, // PT=200 (SR)
          0x00, 0x0C, // length=12 words -> 52 bytes
          0x11, 0x22, 0x33, 0x44, // sender SSRC
          0xE8, 0x00, 0x00, 0x00, // NTP timestamp, most significant word
          0x00, 0x00, 0x00, 0x00, // NTP timestamp, least significant word
          0x00, 0x00, 0x10, 0x00, // RTP timestamp=4096
          0x00, 0x00, 0x00, 0x64, // sender's packet count=100
          0x00, 0x00, 0x3E, 0x80, // sender's octet count=16000
          0xAA, 0xBB, 0xCC, 0xDD, // block 1: SSRC_1
          0x40, // fraction lost=64 (25%)
          0x00, 0x00, 0x07, // cumulative lost=7
          0x00, 0x01, 0x16, 0xAF, // extended highest seq=1 cycle, 5807
          0x00, 0x00, 0x00, 0x2A, // jitter=42
          0x12, 0x34, 0x56, 0x78, // LSR
          0x00, 0x01, 0x00, 0x00, // DLSR=1 s
          0x81, // V=2 P=0 SC=1
          0xCA, // PT=202 (SDES)
          0x00, 0x02, // length=2 words -> 12 bytes
          0x11, 0x22, 0x33, 0x44, // SSRC
          0x01, 0x02, 0x61, 0x62); // CNAME "ab", with the null end in the next packet's place

  /** An RR whose block reports a negative cumulative loss (duplicates, RFC 3550 §6.4.1). */
  static final byte[] RR =
      bytes(
          0x81, // V=2 P=0 RC=1
          0xC9, // PT=201 (RR)
          0x00, 0x07, // length=7 words -> 32 bytes
          0x01, 0x02, 0x03, 0x04, // reporter SSRC
          0x0A, 0x0B, 0x0C, 0x0D, // block 1: SSRC_1
          0x00, // fraction lost=0
          0xFF, 0xFF, 0xFE, // cumulative lost=-2
          0x00, 0x00, 0x00, 0x10, // extended highest seq=16
          0x00, 0x00, 0x01, 0x00, // jitter=256
          0x00, 0x00, 0x00, 0x00, // LSR
          0x00, 0x00, 0x00, 0x00); // DLSR

  @Test
  void readsHeaderAndSenderInfoOfAnSr() {
    ByteBuf b = Unpooled.wrappedBuffer(SR_SDES);
    assertThat(RtcpPacket.version(b, 0)).isEqualTo(2);
    assertThat(RtcpPacket.hasPadding(b, 0)).isFalse();
    assertThat(RtcpPacket.count(b, 0)).isEqualTo(1);
    assertThat(RtcpPacket.packetType(b, 0)).isEqualTo(RtcpPacket.SR);
    assertThat(RtcpPacket.packetLength(b, 0)).isEqualTo(52);
    assertThat(RtcpPacket.senderSsrc(b, 0)).isEqualTo(0x11223344L);
    assertThat(RtcpPacket.senderRtpTimestamp(b, 0)).isEqualTo(4096);
    assertThat(RtcpPacket.senderPacketCount(b, 0)).isEqualTo(100);
    assertThat(RtcpPacket.senderOctetCount(b, 0)).isEqualTo(16000);
  }

  @Test
  void findsTheReportBlockOfAnSrAndReadsEveryField() {
    ByteBuf b = Unpooled.wrappedBuffer(SR_SDES);
    int block = RtcpPacket.firstReportBlock(b, 0, SR_SDES.length);

    assertThat(block).isEqualTo(28);
    assertThat(ReportBlock.ssrc(b, block)).isEqualTo(0xAABBCCDDL);
    assertThat(ReportBlock.fractionLost(b, block)).isEqualTo(64);
    assertThat(ReportBlock.cumulativeLost(b, block)).isEqualTo(7);
    assertThat(ReportBlock.extendedHighestSequence(b, block)).isEqualTo(0x116AFL);
    assertThat(ReportBlock.jitter(b, block)).isEqualTo(42);
    assertThat(ReportBlock.lastSr(b, block)).isEqualTo(0x12345678L);
    assertThat(ReportBlock.delaySinceLastSr(b, block)).isEqualTo(65536);
  }

  @Test
  void findsTheReportBlockOfAnRrAndReadsANegativeCumulativeLoss() {
    ByteBuf b = Unpooled.wrappedBuffer(RR);
    int block = RtcpPacket.firstReportBlock(b, 0, RR.length);

    assertThat(block).isEqualTo(8);
    assertThat(ReportBlock.cumulativeLost(b, block)).isEqualTo(-2);
    assertThat(ReportBlock.jitter(b, block)).isEqualTo(256);
  }

  @Test
  void skipsPacketsWithoutBlocksToFindOneLaterInTheCompound() {
    // An RR with RC=0 (8 bytes), then the RR fixture.
    byte[] compound = new byte[8 + RR.length];
    System.arraycopy(bytes(0x80, 0xC9, 0x00, 0x01, 0x09, 0x09, 0x09, 0x09), 0, compound, 0, 8);
    System.arraycopy(RR, 0, compound, 8, RR.length);

    assertThat(RtcpPacket.firstReportBlock(Unpooled.wrappedBuffer(compound), 0, compound.length))
        .isEqualTo(16);
  }

  @Test
  void refusesMalformedCompounds() {
    ByteBuf rr = Unpooled.wrappedBuffer(RR);
    assertThat(RtcpPacket.firstReportBlock(rr, 0, 20)).as("length past the datagram").isEqualTo(-1);
    byte[] badVersion = RR.clone();
    badVersion[0] = 0x41; // V=1
    assertThat(RtcpPacket.firstReportBlock(Unpooled.wrappedBuffer(badVersion), 0, RR.length))
        .isEqualTo(-1);
    byte[] countLies = RR.clone();
    countLies[3] = 0x01; // length=1 word -> 8 bytes: RC=1 but no room for the block
    assertThat(RtcpPacket.firstReportBlock(Unpooled.wrappedBuffer(countLies), 0, 8)).isEqualTo(-1);
    assertThat(RtcpPacket.firstReportBlock(rr, 0, 3)).as("shorter than a header").isEqualTo(-1);
  }

  @Test
  void demultiplexesRtcpFromRtpByPayloadTypeRange() {
    assertThat(RtcpMux.isRtcp(Unpooled.wrappedBuffer(SR_SDES), 0)).as("SR=200").isTrue();
    assertThat(RtcpMux.isRtcp(RR, 0)).as("RR=201").isTrue();
    for (int pt = 0; pt < 128; pt++) {
      // RTP with marker set and PT=pt: RTCP exactly for 64..95 (RFC 5761 §4).
      byte[] rtp = bytes(0x80, 0x80 | pt);
      assertThat(RtcpMux.isRtcp(rtp, 0)).as("PT %d", pt).isEqualTo(pt >= 64 && pt <= 95);
      assertThat(RtcpMux.isRtcp(Unpooled.wrappedBuffer(rtp), 0)).isEqualTo(pt >= 64 && pt <= 95);
    }
  }
}
