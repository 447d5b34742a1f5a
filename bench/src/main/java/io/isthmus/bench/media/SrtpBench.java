package io.isthmus.bench.media;

import io.isthmus.media.srtp.MasterKey;
import io.isthmus.media.srtp.SrtpContext;
import io.isthmus.media.srtp.SrtpStream;
import io.isthmus.media.srtp.SrtpSuite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP on the relay's path for a 20 ms G.711 packet (12-byte header, 160-byte payload) in a direct
 * buffer of 64 KiB wrapped once, as the relay's epoll sockets read datagrams: protect then
 * unprotect (encrypt, tag, verify, decrypt) with AES_CM_128_HMAC_SHA1_80 (the default offer) or
 * AEAD_AES_128_GCM. Read {@code -prof gc}'s B/op for what a packet allocates: the GCM suite runs on
 * the media module's own GCM over AES/ECB ({@code AesGcm}), where the JDK's {@code AES/GCM} cost
 * 1,928 B per packet ({@code Cipher.init} with a new IV).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SrtpBench {

  @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
  String suite;

  private ByteBuf packet;
  private SrtpStream sender;
  private SrtpStream receiver;
  private int seq;

  @Setup
  public void setUp() {
    MasterKey key = MasterKey.random(SrtpSuite.valueOf(suite), new SecureRandom());
    sender = new SrtpStream(SrtpContext.sender(key));
    receiver = new SrtpStream(SrtpContext.receiver(key, 0));
    packet = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(65_552));
  }

  @TearDown
  public void tearDown() {
    packet.release();
  }

  /** One packet out of the relay and back in: protect + unprotect. */
  @Benchmark
  public int protectAndUnprotect() {
    ByteBuf p = packet;
    p.clear();
    p.writeByte(0x80); // V=2 P=0 X=0 CC=0
    p.writeByte(0); // M=0 PT=0 (PCMU)
    p.writeShort(seq++); // sequence number: every packet new for the replay window
    p.writeInt(seq * 160); // timestamp
    p.writeInt(0x1234_5678); // SSRC
    p.writeZero(160);
    ByteBuf out = sender.protect(p, false);
    receiver.unprotect(out, false);
    return out.readableBytes();
  }
}
