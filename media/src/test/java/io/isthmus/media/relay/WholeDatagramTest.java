package io.isthmus.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.media.net.WholeDatagrams;
import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.StreamStats;
import io.isthmus.media.rtp.RtpHeader;
import io.isthmus.media.srtp.MasterKey;
import io.isthmus.media.srtp.SrtpContext;
import io.isthmus.media.srtp.SrtpStream;
import io.isthmus.media.srtp.SrtpSuite;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Datagrams larger than Netty's 2 KiB default (and rtpengine's 8 KiB) are relayed whole, on the
 * learning path and on the connected fast path; one that cannot leave whole is dropped and counted
 * as oversized, never forwarded in part. Real UDP on loopback.
 */
class WholeDatagramTest extends RelayTestSupport {

  private static final String CALL = "call-big";

  /** alice (public) and bob (private), one audio m-line. */
  private int[] call(UdpEndpoint alice, UdpEndpoint bob) throws Exception {
    return onCall(
        CALL,
        call -> {
          MediaStream a = call.monologue("alice-tag").addMedia("audio", PUBLIC);
          MediaStream b = call.monologue("bob-tag").addMedia("audio", PRIVATE);
          a.setExpectedPeer(alice.address(), alice.port(), 0);
          b.setExpectedPeer(bob.address(), bob.port(), 0);
          MediaStream.pair(a, b);
          call.signalled();
          return new int[] {a.localRtpPort(), b.localRtpPort()};
        });
  }

  /** An RTP packet of exactly {@code size} bytes: 12-byte header, then a patterned payload. */
  private static byte[] rtp(int seq, int size) {
    return Packets.rtp(96, seq, seq * 3000L, 0xB16, Packets.pattern(size - 12, seq));
  }

  private static StreamStats aliceRtp(CallStats s) {
    return s.monologues().get(0).medias().get(0).rtp();
  }

  private boolean aliceConnected() throws Exception {
    return onCall(
            CALL,
            call -> call.findMonologue("alice-tag").orElseThrow().medias().getFirst().rtpSender())
        .isConnected();
  }

  @Test
  void relaysA4000AndA9000BytePacketIntactBothWaysBeforeAndAfterTheLock() throws Exception {
    UdpEndpoint alice = endpoint(ALICE_IP);
    UdpEndpoint bob = endpoint(BOB_IP);
    int[] ports = call(alice, bob);

    byte[] video = rtp(1, 4000);
    alice.send(video, at(PUBLIC, ports[0]));
    assertThat(bob.receive(WAIT).data()).as("4,000 bytes, learning").isEqualTo(video);
    byte[] jumbo = rtp(2, 9000);
    bob.send(jumbo, at(PRIVATE, ports[1]));
    assertThat(alice.receive(WAIT).data()).as("9,000 bytes, learning").isEqualTo(jumbo);

    clock.advance(RelayConfig.DEFAULT_LEARNING_WINDOW.plusMillis(1));
    byte[] locking = rtp(3, 9000);
    alice.send(locking, at(PUBLIC, ports[0])); // locks alice: her connected socket opens
    assertThat(bob.receive(WAIT).data()).isEqualTo(locking);
    assertThat(aliceConnected()).isTrue();
    byte[] fast = rtp(4, 9000);
    alice.send(fast, at(PUBLIC, ports[0])); // Netty's connected read
    assertThat(bob.receive(WAIT).data()).as("9,000 bytes, connected").isEqualTo(fast);
    byte[] back = rtp(5, 4000);
    bob.send(back, at(PRIVATE, ports[1])); // out of alice's connected socket
    assertThat(alice.receive(WAIT).data()).as("4,000 bytes, connected").isEqualTo(back);

    CallStats s = stats(CALL);
    assertThat(aliceRtp(s).bytes()).isEqualTo(4000 + 9000 + 9000);
    assertThat(s.totalErrors()).isZero();
  }

  @Test
  void relaysTheLargestIpv4DatagramWhole() throws Exception {
    UdpEndpoint alice = endpoint(ALICE_IP);
    UdpEndpoint bob = endpoint(BOB_IP);
    int[] ports = call(alice, bob);

    byte[] largest = rtp(1, WholeDatagrams.MAX_IPV4_PAYLOAD);
    alice.send(largest, at(PUBLIC, ports[0]));
    assertThat(bob.receive(WAIT).data()).isEqualTo(largest);
    assertThat(stats(CALL).totalErrors()).isZero();
  }

  @Test
  void dropsAndCountsADatagramThatSrtpWouldMakeTooLargeAndForwardsTheNextOne() throws Exception {
    UdpEndpoint alice = endpoint(ALICE_IP);
    UdpEndpoint bob = endpoint(BOB_IP);
    int[] ports = call(alice, bob);
    // The relay speaks SRTP to bob: what alice sends in plain RTP grows by the 10-byte tag.
    MasterKey key = MasterKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, new SecureRandom());
    onCall(
        CALL,
        call -> {
          MediaStream b = call.findMonologue("bob-tag").orElseThrow().medias().getFirst();
          b.setSrtp(null, new SrtpStream(SrtpContext.sender(key)));
          return null;
        });

    alice.send(rtp(1, WholeDatagrams.MAX_IPV4_PAYLOAD), at(PUBLIC, ports[0]));
    byte[] voice = rtp(2, 172);
    alice.send(voice, at(PUBLIC, ports[0]));

    var atBob = bob.receive(WAIT);
    assertThat(atBob.data()).as("the next packet, protected").hasSize(172 + 10);
    assertThat(RtpHeader.sequenceNumber(atBob.data(), 0)).isEqualTo(2);
    StreamStats a = aliceRtp(awaitStats(CALL, c -> aliceRtp(c).packets() == 2));
    assertThat(a.oversizedDrops()).isEqualTo(1);
    assertThat(a.errors()).isEqualTo(1);
    assertThat(a.strangerDrops()).isZero();
  }
}
