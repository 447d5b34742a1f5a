package io.isthmus.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.media.rtp.RtpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class G711TranscoderTest {

  private static final long OUT_SSRC = 0x0BADCAFEL;
  private final java.util.List<ByteBuf> buffers = new java.util.ArrayList<>();

  @AfterEach
  void releaseBuffers() {
    buffers.forEach(ByteBuf::release);
  }

  /** Output SSRCs handed out in order: OUT_SSRC, OUT_SSRC + 1, ... */
  private final java.util.concurrent.atomic.AtomicLong ssrcs =
      new java.util.concurrent.atomic.AtomicLong(OUT_SSRC);

  private G711Transcoder transcoder(G711Law from, G711Law to) {
    return new G711Transcoder(from, to, ssrcs::getAndIncrement);
  }

  @Test
  void rewritesPcmuIntoPcmaWithItsOwnSsrcKeepingSequenceTimestampAndMarker() {
    var transcoder = transcoder(G711Law.PCMU, G711Law.PCMA);
    ByteBuf first = packet(0, true, 7, 160_000, 0x1111, 160);
    byte[] payloadBefore = payload(first);

    assertThat(transcoder.transcode(first, 0, first.readableBytes())).isTrue();

    assertThat(RtpHeader.payloadType(first, 0)).isEqualTo(8);
    assertThat(RtpHeader.marker(first, 0)).as("marker kept").isTrue();
    assertThat(RtpHeader.ssrc(first, 0)).isEqualTo(OUT_SSRC);
    assertThat(RtpHeader.sequenceNumber(first, 0)).as("as rtpengine: the input's").isEqualTo(7);
    assertThat(RtpHeader.timestamp(first, 0)).isEqualTo(160_000);
    byte[] after = payload(first);
    for (int i = 0; i < after.length; i++) {
      assertThat(after[i]).isEqualTo(G711.ulawToAlaw(payloadBefore[i]));
    }

    ByteBuf second = packet(0, false, 8, 160_160, 0x1111, 160);
    transcoder.transcode(second, 0, second.readableBytes());
    assertThat(RtpHeader.ssrc(second, 0)).isEqualTo(OUT_SSRC);
    assertThat(RtpHeader.sequenceNumber(second, 0)).isEqualTo(8);
    assertThat(RtpHeader.timestamp(second, 0)).isEqualTo(160_160);
  }

  @Test
  void eachInputSsrcBecomesAnOutputSsrcOfItsOwn() {
    var transcoder = transcoder(G711Law.PCMA, G711Law.PCMU);
    ByteBuf a = packet(8, false, 500, 77_000, 0xAAAA, 160);
    ByteBuf b = packet(8, false, 30_000, 9_999_999, 0xBBBB, 160);
    ByteBuf a2 = packet(8, false, 501, 77_160, 0xAAAA, 160);

    transcoder.transcode(a, 0, a.readableBytes());
    transcoder.transcode(b, 0, b.readableBytes());
    transcoder.transcode(a2, 0, a2.readableBytes());

    assertThat(RtpHeader.ssrc(a, 0)).isEqualTo(OUT_SSRC);
    assertThat(RtpHeader.ssrc(b, 0)).isEqualTo(OUT_SSRC + 1);
    assertThat(RtpHeader.sequenceNumber(b, 0)).isEqualTo(30_000);
    assertThat(RtpHeader.ssrc(a2, 0))
        .as("the first input stream keeps its SSRC")
        .isEqualTo(OUT_SSRC);
  }

  @Test
  void passesOtherPayloadTypesUntouchedInsideTheSameOutputStream() {
    var transcoder = transcoder(G711Law.PCMU, G711Law.PCMA);
    ByteBuf audio = packet(0, false, 1, 0, 5, 160);
    ByteBuf event = packet(101, true, 2, 160, 5, 4); // telephone-event
    byte[] eventPayload = payload(event);

    transcoder.transcode(audio, 0, audio.readableBytes());
    transcoder.transcode(event, 0, event.readableBytes());

    assertThat(RtpHeader.payloadType(event, 0)).isEqualTo(101);
    assertThat(payload(event)).isEqualTo(eventPayload);
    assertThat(RtpHeader.ssrc(event, 0)).isEqualTo(OUT_SSRC);
    assertThat(RtpHeader.sequenceNumber(event, 0)).isEqualTo(2);
  }

  @Test
  void leavesPaddingAloneAndRefusesInvalidPackets() {
    var transcoder = transcoder(G711Law.PCMU, G711Law.PCMA);
    ByteBuf padded = packet(0, false, 1, 0, 5, 8);
    padded.setByte(0, 0xA0); // V=2 P=1
    padded.setByte(padded.writerIndex() - 1, 2); // the last two octets are padding
    padded.setByte(padded.writerIndex() - 2, 0x7F);

    assertThat(transcoder.transcode(padded, 0, padded.readableBytes())).isTrue();
    assertThat(padded.getByte(padded.writerIndex() - 2)).isEqualTo((byte) 0x7F);
    assertThat(padded.getByte(padded.writerIndex() - 1)).isEqualTo((byte) 2);

    ByteBuf shortOne = track(Unpooled.buffer(8).writeZero(8));
    assertThat(transcoder.transcode(shortOne, 0, 8)).isFalse();
  }

  /**
   * The RTCP of a transcoded call as rtpengine 10.5 rewrites it (observed): alice sends PCMU as
   * 0x1111 (becomes OUT_SSRC), bob sends PCMA as 0x3333 (becomes OUT_SSRC + 1); alice's SR names
   * her output SSRC with the counts sent on, and its report block about what she received names
   * bob's real SSRC and keeps her figures.
   */
  @Test
  void rtcpNamesTheNewStreamsAndCarriesTheirFigures() {
    var aliceToBob = transcoder(G711Law.PCMU, G711Law.PCMA);
    var bobToAlice = transcoder(G711Law.PCMA, G711Law.PCMU);
    for (int seq = 100; seq <= 104; seq++) {
      ByteBuf p = packet(0, false, seq, 8000 + 160L * (seq - 100), 0x1111, 160);
      aliceToBob.transcode(p, 0, p.readableBytes());
    }
    for (int seq : new int[] {1000, 1001, 1003}) { // 1002 lost
      ByteBuf p = packet(8, false, seq, 70_000 + 160L * (seq - 1000), 0x3333, 160);
      bobToAlice.transcode(p, 0, p.readableBytes());
    }
    ByteBuf sr = track(Unpooled.buffer(52));
    sr.writeByte(0x81).writeByte(200).writeShort(12).writeInt(0x1111);
    sr.writeInt(1).writeInt(2).writeInt(3).writeInt(4).writeInt(5); // NTP, RTP ts, counts
    sr.writeInt((int) (OUT_SSRC + 1)).writeInt(0x0100_0002).writeInt(1000).writeInt(20);
    sr.writeInt(0x77).writeInt(0x88); // LSR, DLSR
    ByteBuf sdes = track(Unpooled.buffer(12));
    sdes.writeByte(0x81).writeByte(202).writeShort(2).writeInt(0x1111);
    sdes.writeByte(1).writeByte(1).writeByte('a').writeByte(0);
    ByteBuf compound = track(Unpooled.buffer(64)).writeBytes(sr).writeBytes(sdes);

    aliceToBob.rewriteRtcp(compound, 0, compound.readableBytes(), bobToAlice);

    assertThat(compound.getUnsignedInt(4)).as("sender SSRC").isEqualTo(OUT_SSRC);
    assertThat(compound.getInt(8)).as("NTP kept").isEqualTo(1);
    assertThat(compound.getUnsignedInt(16)).as("RTP ts of the last packet sent on").isEqualTo(8640);
    assertThat(compound.getInt(20)).as("packets sent on").isEqualTo(5);
    assertThat(compound.getInt(24)).as("octets, header included").isEqualTo(5 * 172);
    assertThat(compound.getUnsignedInt(28)).as("report about bob's real SSRC").isEqualTo(0x3333);
    assertThat(compound.getInt(32)).as("fraction and cumulative lost kept").isEqualTo(0x0100_0002);
    assertThat(compound.getInt(36)).as("extended highest sequence kept").isEqualTo(1000);
    assertThat(compound.getInt(40)).as("jitter kept").isEqualTo(20);
    assertThat(compound.getInt(44)).as("LSR kept").isEqualTo(0x77);
    assertThat(compound.getUnsignedInt(52 + 4)).as("SDES chunk SSRC").isEqualTo(OUT_SSRC);
  }

  private ByteBuf packet(int pt, boolean marker, int seq, long ts, long ssrc, int payloadLength) {
    ByteBuf b = track(Unpooled.buffer(12 + payloadLength));
    b.writeByte(0x80); // V=2 P=0 X=0 CC=0
    b.writeByte((marker ? 0x80 : 0) | pt);
    b.writeShort(seq);
    b.writeInt((int) ts);
    b.writeInt((int) ssrc);
    for (int i = 0; i < payloadLength; i++) {
      b.writeByte(i * 37);
    }
    return b;
  }

  private ByteBuf track(ByteBuf b) {
    buffers.add(b);
    return b;
  }

  private static byte[] payload(ByteBuf b) {
    byte[] out = new byte[b.readableBytes() - 12];
    b.getBytes(12, out);
    return out;
  }
}
