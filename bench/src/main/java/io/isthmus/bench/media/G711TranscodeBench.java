package io.isthmus.bench.media;

import io.isthmus.media.codec.G711Law;
import io.isthmus.media.codec.G711Transcoder;
import io.isthmus.media.rtp.RtcpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-packet work the relay does besides I/O: PCMU-&gt;PCMA transcoding of a 20 ms packet (160
 * samples) in place in a direct buffer, and the RTCP report-block scan. Both should allocate
 * nothing ({@code -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class G711TranscodeBench {

  private ByteBuf rtp;
  private ByteBuf rtcp;
  private G711Transcoder toAlaw;
  private G711Transcoder toUlaw;

  @Setup
  public void setUp() {
    rtp = Unpooled.directBuffer(172);
    rtp.writeByte(0x80).writeByte(0).writeShort(1).writeInt(0).writeInt(0x1234);
    for (int i = 0; i < 160; i++) {
      rtp.writeByte(i);
    }
    toAlaw = new G711Transcoder(G711Law.PCMU, G711Law.PCMA, () -> 1);
    toUlaw = new G711Transcoder(G711Law.PCMA, G711Law.PCMU, () -> 2);
    rtcp = Unpooled.directBuffer(52);
    rtcp.writeByte(0x81).writeByte(200).writeShort(12).writeInt(1); // SR, RC=1
    rtcp.writeZero(20).writeInt(2).writeInt(0x40000007).writeZero(16); // sender info, block
  }

  @TearDown
  public void tearDown() {
    rtp.release();
    rtcp.release();
  }

  /** Two transcodes per op (there and back) so the packet stays valid input for the next op. */
  @Benchmark
  public boolean transcodeThereAndBack() {
    return toAlaw.transcode(rtp, 0, 172) & toUlaw.transcode(rtp, 0, 172);
  }

  @Benchmark
  public int rtcpReportBlockScan() {
    return RtcpPacket.firstReportBlock(rtcp, 0, 52);
  }
}
