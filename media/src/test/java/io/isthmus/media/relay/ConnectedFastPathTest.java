package io.isthmus.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.StreamStats;
import io.isthmus.media.rtp.RtpHeader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The connected fast path (see {@link PacketStream}): once a party's endpoint is locked, its relay
 * socket gets a connected twin on the same port. Real UDP on loopback; epoll (Linux) only, which is
 * what these tests run on.
 */
class ConnectedFastPathTest extends RelayTestSupport {

  private static final String CALL = "call-fast";

  /** alice (public) and bob (private), one audio m-line, rtcp-mux off. */
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

  private boolean aliceConnected() throws Exception {
    return onCall(
            CALL,
            call -> call.findMonologue("alice-tag").orElseThrow().medias().getFirst().rtpSender())
        .isConnected();
  }

  private static StreamStats aliceRtp(CallStats s) {
    return s.monologues().get(0).medias().get(0).rtp();
  }

  private static byte[] rtp(int seq) {
    return Packets.rtp(0, seq, seq * 160, 1, new byte[160]);
  }

  @Test
  void connectsTheLockedEndpointAndStillForwardsFromTheSamePorts() throws Exception {
    UdpEndpoint alice = endpoint(ALICE_IP);
    UdpEndpoint bob = endpoint(BOB_IP);
    int[] ports = call(alice, bob);
    alice.send(rtp(1), at(PUBLIC, ports[0]));
    bob.receive(WAIT);
    assertThat(aliceConnected()).as("learning: unconnected").isFalse();

    clock.advance(RelayConfig.DEFAULT_LEARNING_WINDOW.plusMillis(1));
    alice.send(rtp(2), at(PUBLIC, ports[0])); // locks, opens the connected socket
    assertThat(RtpHeader.sequenceNumber(bob.receive(WAIT).data(), 0)).isEqualTo(2);
    assertThat(aliceConnected()).as("locked: connected").isTrue();

    alice.send(rtp(3), at(PUBLIC, ports[0])); // arrives on the connected socket
    assertThat(RtpHeader.sequenceNumber(bob.receive(WAIT).data(), 0)).isEqualTo(3);
    bob.send(rtp(4), at(PRIVATE, ports[1])); // leaves through alice's connected socket
    var atAlice = alice.receive(WAIT);
    assertThat(RtpHeader.sequenceNumber(atAlice.data(), 0)).isEqualTo(4);
    assertThat(atAlice.source())
        .as("symmetric: the advertised port")
        .isEqualTo(at(PUBLIC, ports[0]));
    var s = awaitStats(CALL, c -> aliceRtp(c).packets() == 3);
    assertThat(aliceRtp(s).errors()).isZero();
    assertThat(aliceRtp(s).strangerDrops()).isZero();
  }

  @Test
  void countsStrangersWhileTheLockedEndpointIsConnected() throws Exception {
    UdpEndpoint alice = endpoint(ALICE_IP);
    UdpEndpoint bob = endpoint(BOB_IP);
    UdpEndpoint sameHostOtherPort = endpoint(ALICE_IP);
    UdpEndpoint otherHost = endpoint("127.0.1.101");
    int[] ports = call(alice, bob);
    alice.send(rtp(1), at(PUBLIC, ports[0]));
    bob.receive(WAIT);
    clock.advance(RelayConfig.DEFAULT_LEARNING_WINDOW.plusMillis(1));
    alice.send(rtp(2), at(PUBLIC, ports[0]));
    bob.receive(WAIT);
    assertThat(aliceConnected()).isTrue();

    // The kernel gives these to the bound (unconnected) socket, where the latch refuses them.
    sameHostOtherPort.send(rtp(666), at(PUBLIC, ports[0]));
    otherHost.send(rtp(667), at(PUBLIC, ports[0]));
    var s = awaitStats(CALL, c -> aliceRtp(c).strangerDrops() == 2);
    assertThat(aliceRtp(s).packets()).as("strangers not forwarded").isEqualTo(2);

    alice.send(rtp(3), at(PUBLIC, ports[0]));
    assertThat(RtpHeader.sequenceNumber(bob.receive(WAIT).data(), 0)).isEqualTo(3);
  }

  @Test
  void reOfferDisconnectsSoANewSourceCanBeLearnedThenConnectsToIt() throws Exception {
    UdpEndpoint alice = endpoint(ALICE_IP);
    UdpEndpoint aliceAfterNat = endpoint(ALICE_IP);
    UdpEndpoint bob = endpoint(BOB_IP);
    int[] ports = call(alice, bob);
    alice.send(rtp(1), at(PUBLIC, ports[0]));
    bob.receive(WAIT);
    clock.advance(RelayConfig.DEFAULT_LEARNING_WINDOW.plusMillis(1));
    alice.send(rtp(2), at(PUBLIC, ports[0]));
    bob.receive(WAIT);
    assertThat(aliceConnected()).isTrue();

    onCall(
        CALL,
        call -> {
          call.signalled(); // re-offer with the same SDP address: learning again
          return null;
        });
    assertThat(aliceConnected()).as("learning again: disconnected").isFalse();

    aliceAfterNat.send(rtp(3), at(PUBLIC, ports[0]));
    assertThat(RtpHeader.sequenceNumber(bob.receive(WAIT).data(), 0)).isEqualTo(3);
    clock.advance(Duration.ofSeconds(4));
    aliceAfterNat.send(rtp(4), at(PUBLIC, ports[0]));
    bob.receive(WAIT);
    assertThat(aliceConnected()).as("locked on the new source").isTrue();

    bob.send(rtp(5), at(PRIVATE, ports[1]));
    assertThat(RtpHeader.sequenceNumber(aliceAfterNat.receive(WAIT).data(), 0)).isEqualTo(5);
    alice.send(rtp(6), at(PUBLIC, ports[0])); // the old source is a stranger now
    awaitStats(CALL, c -> aliceRtp(c).strangerDrops() == 1);
  }
}
