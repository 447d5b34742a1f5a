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

  @Test
  void rewritesPcmuIntoPcmaWithItsOwnSsrcSequenceAndTimestamp() {
    var transcoder = new G711Transcoder(G711Law.PCMU, G711Law.PCMA, OUT_SSRC, 1000, 50_000);
    ByteBuf first = packet(0, true, 7, 160_000, 0x1111, 160);
    byte[] payloadBefore = payload(first);

    assertThat(transcoder.transcode(first, 0, first.readableBytes())).isTrue();

    assertThat(RtpHeader.payloadType(first, 0)).isEqualTo(8);
    assertThat(RtpHeader.marker(first, 0)).as("marker kept").isTrue();
    assertThat(RtpHeader.ssrc(first, 0)).isEqualTo(OUT_SSRC);
    assertThat(RtpHeader.sequenceNumber(first, 0)).isEqualTo(1000);
    assertThat(RtpHeader.timestamp(first, 0)).isEqualTo(50_000);
    byte[] after = payload(first);
    for (int i = 0; i < after.length; i++) {
      assertThat(after[i]).isEqualTo(G711.ulawToAlaw(payloadBefore[i]));
    }

    ByteBuf second = packet(0, false, 8, 160_160, 0x1111, 160);
    transcoder.transcode(second, 0, second.readableBytes());
    assertThat(RtpHeader.sequenceNumber(second, 0)).isEqualTo(1001);
    assertThat(RtpHeader.timestamp(second, 0)).isEqualTo(50_160);
  }

  @Test
  void keepsInputGapsVisibleWithinOneInputStream() {
    var transcoder = new G711Transcoder(G711Law.PCMU, G711Law.PCMA, OUT_SSRC, 65535, 0);
    ByteBuf a = packet(0, false, 100, 0, 1, 160);
    ByteBuf b = packet(0, false, 103, 480, 1, 160); // two packets lost in between

    transcoder.transcode(a, 0, a.readableBytes());
    transcoder.transcode(b, 0, b.readableBytes());

    assertThat(RtpHeader.sequenceNumber(a, 0)).isEqualTo(65535);
    assertThat(RtpHeader.sequenceNumber(b, 0)).as("wraps, gap of two kept").isEqualTo(2);
    assertThat(RtpHeader.timestamp(b, 0)).isEqualTo(480);
  }

  @Test
  void continuesTheOutputStreamWhenTheInputSsrcChanges() {
    var transcoder = new G711Transcoder(G711Law.PCMA, G711Law.PCMU, OUT_SSRC, 10, 1000);
    ByteBuf a = packet(8, false, 500, 77_000, 0xAAAA, 160);
    ByteBuf b = packet(8, false, 30_000, 9_999_999, 0xBBBB, 160); // new source, unrelated numbers

    transcoder.transcode(a, 0, a.readableBytes());
    transcoder.transcode(b, 0, b.readableBytes());

    assertThat(RtpHeader.ssrc(b, 0)).isEqualTo(OUT_SSRC);
    assertThat(RtpHeader.payloadType(b, 0)).isZero();
    assertThat(RtpHeader.sequenceNumber(b, 0)).isEqualTo(11);
    assertThat(RtpHeader.timestamp(b, 0)).as("one 160-sample packet later").isEqualTo(1160);
  }

  @Test
  void passesOtherPayloadTypesUntouchedInsideTheSameOutputStream() {
    var transcoder = new G711Transcoder(G711Law.PCMU, G711Law.PCMA, OUT_SSRC, 1, 0);
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
    var transcoder = new G711Transcoder(G711Law.PCMU, G711Law.PCMA, OUT_SSRC, 1, 0);
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
