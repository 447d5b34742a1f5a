package io.isthmus.hep;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HepSenderTest {
  private static final InetAddress A = InetAddress.ofLiteral("127.0.2.11");
  private static final InetAddress B = InetAddress.ofLiteral("127.0.2.1");

  @Test
  void sendsEachCaptureAsOneDatagramToTheCollector() throws Exception {
    try (DatagramSocket collector = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        HepSender hep =
            HepSender.start(
                new HepSettings((InetSocketAddress) collector.getLocalSocketAddress(), 42, "", 64),
                () -> 1_700_000_000_000_001L)) {
      collector.setSoTimeout(5_000);
      ByteBuf sip = Unpooled.copiedBuffer("BYE sip:x SIP/2.0\r\n\r\n", StandardCharsets.US_ASCII);
      assertThat(
              hep.capture(
                  Hep3.TYPE_SIP, Hep3.UDP, A, 5060, B, 5062, "id-1", sip, Payload.READABLE_BYTES))
          .isTrue();
      assertThat(sip.readerIndex()).as("the captured buffer is left as it was").isZero();

      DatagramPacket p = new DatagramPacket(new byte[65_535], 65_535);
      collector.receive(p);
      Map<Integer, byte[]> c = HepDecoder.chunks(p.getData(), p.getLength());
      assertThat(c.get(3)).containsExactly(127, 0, 2, 11);
      assertThat(HepDecoder.number(c.get(8))).isEqualTo(5062);
      assertThat(HepDecoder.number(c.get(9))).isEqualTo(1_700_000_000L);
      assertThat(HepDecoder.number(c.get(10))).isEqualTo(1L);
      assertThat(HepDecoder.number(c.get(12))).isEqualTo(42);
      assertThat(new String(c.get(17), StandardCharsets.US_ASCII)).isEqualTo("id-1");
      assertThat(new String(c.get(15), StandardCharsets.US_ASCII))
          .isEqualTo("BYE sip:x SIP/2.0\r\n\r\n");
      awaitSent(hep, 1);
    }
  }

  @Test
  void aPacketOverHepsLengthLimitIsDroppedAndCounted() throws Exception {
    try (DatagramSocket collector = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        HepSender hep =
            HepSender.start(
                new HepSettings((InetSocketAddress) collector.getLocalSocketAddress(), 1, "", 64),
                EpochClock.system())) {
      ByteBuf big = Unpooled.wrappedBuffer(new byte[65_500]);
      assertThat(hep.capture(Hep3.TYPE_SIP, Hep3.TCP, A, 1, B, 2, "x", big, Payload.READABLE_BYTES))
          .isFalse();
      assertThat(hep.counters().oversize()).isEqualTo(1);
      assertThat(hep.counters().sent()).isZero();
    }
  }

  @Test
  void addressesOfTwoFamiliesAreRefused() throws Exception {
    try (DatagramSocket collector = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        HepSender hep =
            HepSender.start(
                new HepSettings((InetSocketAddress) collector.getLocalSocketAddress(), 1, "", 64),
                EpochClock.system())) {
      ByteBuf b = Unpooled.wrappedBuffer(new byte[4]);
      InetAddress v6 = InetAddress.ofLiteral("::1");
      assertThat(hep.capture(Hep3.TYPE_SIP, Hep3.UDP, A, 1, v6, 2, "x", b, Payload.READABLE_BYTES))
          .isFalse();
      assertThat(hep.counters().unsupported()).isEqualTo(1);
    }
  }

  @Test
  void capturingAllocatesNothingOnAnEventLoopThreadOnceWarm() throws Exception {
    // The capture runs on the SIP event loops (Netty threads): encode into a pooled slot, offer
    // it to the sender's queue.
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (DatagramSocket collector = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        HepSender hep =
            HepSender.start(
                new HepSettings(
                    (InetSocketAddress) collector.getLocalSocketAddress(), 1, "", 1 << 16),
                EpochClock.system())) {
      long[] perCapture = new long[1];
      Thread loop =
          new DefaultThreadFactory("hep-test-loop")
              .newThread(
                  () -> {
                    // a heap buffer, as a SIP message's arrays are (SipCapture copies from them)
                    ByteBuf sip = Unpooled.buffer(600).writeBytes(new byte[600]);
                    String callId = "a84b4c76e66710@pc33.example.com";
                    int n = 4_000;
                    // warm: the JIT, and the pool's slots for a burst of n (made once, reused)
                    for (int round = 1; round <= 10; round++) {
                      for (int i = 0; i < n; i++) {
                        capture(hep, sip, callId);
                      }
                      awaitSent(hep, (long) round * n);
                    }
                    long tid = Thread.currentThread().threadId();
                    // Steady state: a burst for which the pool already had its slots (a burst
                    // larger than any before grows the pool once; that is not per capture).
                    for (int attempt = 0; attempt < 20; attempt++) {
                      int slots = hep.slotCount();
                      long before = threads.getThreadAllocatedBytes(tid);
                      for (int i = 0; i < n; i++) {
                        capture(hep, sip, callId);
                      }
                      long allocated = threads.getThreadAllocatedBytes(tid) - before;
                      awaitSent(hep, (11L + attempt) * n);
                      if (hep.slotCount() == slots) {
                        perCapture[0] = allocated / n;
                        return;
                      }
                    }
                    perCapture[0] = -1; // the pool never settled
                  });
      loop.start();
      loop.join();
      assertThat(hep.counters().queueFull()).isZero();
      // not a performance figure: a property (no object per capture), with room for the
      // measurement (the JIT may still be compiling)
      assertThat(perCapture[0]).isBetween(0L, 15L);
    }
  }

  private static void capture(HepSender hep, ByteBuf sip, String callId) {
    hep.capture(Hep3.TYPE_SIP, Hep3.UDP, A, 5060, B, 5060, callId, sip, Payload.READABLE_BYTES);
  }

  private static void awaitSent(HepSender hep, long atLeast) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (hep.counters().sent() + hep.counters().sendErrors() < atLeast
        && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // polling the sender thread's progress under a deadline
    }
  }
}
