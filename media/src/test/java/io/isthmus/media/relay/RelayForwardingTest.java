package io.isthmus.media.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.media.codec.G711;
import io.isthmus.media.codec.G711Law;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.rtp.RtpHeader;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Real UDP on loopback through the relay: public 127.0.1.1 <-> private 127.0.2.1. */
class RelayForwardingTest extends RelayTestSupport {

  /** A test party with separate RTP and RTCP sockets. */
  record Party(UdpEndpoint rtp, UdpEndpoint rtcp) {}

  /** Relay ports advertised to each side. */
  record Legs(Ports alice, Ports bob) {}

  Party party(String ip) throws IOException {
    return new Party(endpoint(ip), endpoint(ip));
  }

  /** offer from alice (public side), answer from bob (private side), one audio m-line. */
  Legs audioCall(String callId, Party alice, Party bob) throws Exception {
    return onCall(
        callId,
        call -> {
          MediaStream a = call.monologue("alice-tag").addMedia("audio", PUBLIC);
          MediaStream b = call.monologue("bob-tag").addMedia("audio", PRIVATE);
          a.setExpectedPeer(alice.rtp().address(), alice.rtp().port(), alice.rtcp().port());
          b.setExpectedPeer(bob.rtp().address(), bob.rtp().port(), bob.rtcp().port());
          MediaStream.pair(a, b);
          call.signalled();
          return new Legs(Ports.of(a), Ports.of(b));
        });
  }

  @Test
  void forwardsRtpAndRtcpBothWaysByteIdenticalFromTheAdvertisedPorts() throws Exception {
    Party alice = party(ALICE_IP);
    Party bob = party(BOB_IP);
    Legs legs = audioCall("call-both-ways", alice, bob);
    assertThat(legs.alice().rtp() % 2).as("RTP port even").isZero();
    assertThat(legs.alice().rtcp()).isEqualTo(legs.alice().rtp() + 1);

    byte[] fromAlice = Packets.rtp(0, 1, 160, 0xA11CE, Packets.pattern(160, 1));
    alice.rtp().send(fromAlice, at(PUBLIC, legs.alice().rtp()));
    var atBob = bob.rtp().receive(WAIT);
    assertThat(atBob.data()).isEqualTo(fromAlice);
    assertThat(atBob.source()).isEqualTo(at(PRIVATE, legs.bob().rtp()));

    byte[] fromBob = Packets.rtp(8, 77, 320, 0xB0B, Packets.pattern(160, 2));
    bob.rtp().send(fromBob, at(PRIVATE, legs.bob().rtp()));
    var atAlice = alice.rtp().receive(WAIT);
    assertThat(atAlice.data()).isEqualTo(fromBob);
    assertThat(atAlice.source()).isEqualTo(at(PUBLIC, legs.alice().rtp()));

    byte[] rrFromAlice = Packets.receiverReport(0xA11CE, 0xB0B, 0, 0, 10);
    alice.rtcp().send(rrFromAlice, at(PUBLIC, legs.alice().rtcp()));
    var rtcpAtBob = bob.rtcp().receive(WAIT);
    assertThat(rtcpAtBob.data()).isEqualTo(rrFromAlice);
    assertThat(rtcpAtBob.source()).isEqualTo(at(PRIVATE, legs.bob().rtcp()));

    byte[] rrFromBob = Packets.receiverReport(0xB0B, 0xA11CE, 64, 3, 80);
    bob.rtcp().send(rrFromBob, at(PRIVATE, legs.bob().rtcp()));
    var rtcpAtAlice = alice.rtcp().receive(WAIT);
    assertThat(rtcpAtAlice.data()).isEqualTo(rrFromBob);
    assertThat(rtcpAtAlice.source()).isEqualTo(at(PUBLIC, legs.alice().rtcp()));

    var stats = stats("call-both-ways");
    MediaStats aliceMedia = stats.monologues().get(0).medias().get(0);
    MediaStats bobMedia = stats.monologues().get(1).medias().get(0);
    assertThat(aliceMedia.rtp().packets()).isEqualTo(1);
    assertThat(aliceMedia.rtp().bytes()).isEqualTo(fromAlice.length);
    assertThat(aliceMedia.rtcp().packets()).isEqualTo(1);
    assertThat(bobMedia.rtp().packets()).isEqualTo(1);
    assertThat(stats.totalErrors()).isZero();
    assertThat(bobMedia.reports().reports()).isEqualTo(1);
    assertThat(bobMedia.reports().ssrc()).isEqualTo(0xA11CE);
    assertThat(bobMedia.reports().fractionLost()).isEqualTo(64);
    assertThat(bobMedia.reports().fractionLostRatio()).isEqualTo(0.25);
    assertThat(bobMedia.reports().cumulativeLost()).isEqualTo(3);
    assertThat(bobMedia.reports().jitter()).isEqualTo(80);
  }

  @Test
  void relaysAudioAndVideoOfOneCallOnTheirOwnPorts() throws Exception {
    Party aliceAudio = party(ALICE_IP);
    Party aliceVideo = party(ALICE_IP);
    Party bobAudio = party(BOB_IP);
    Party bobVideo = party(BOB_IP);
    Legs[] legs =
        onCall(
            "call-av",
            call -> {
              Monologue alice = call.monologue("alice-tag");
              Monologue bob = call.monologue("bob-tag");
              Legs[] result = new Legs[2];
              Party[][] parties = {{aliceAudio, bobAudio}, {aliceVideo, bobVideo}};
              String[] types = {"audio", "video"};
              for (int i = 0; i < 2; i++) {
                MediaStream a = alice.addMedia(types[i], PUBLIC);
                MediaStream b = bob.addMedia(types[i], PRIVATE);
                Party pa = parties[i][0];
                Party pb = parties[i][1];
                a.setExpectedPeer(pa.rtp().address(), pa.rtp().port(), pa.rtcp().port());
                b.setExpectedPeer(pb.rtp().address(), pb.rtp().port(), pb.rtcp().port());
                MediaStream.pair(a, b);
                result[i] = new Legs(Ports.of(a), Ports.of(b));
              }
              call.signalled();
              return result;
            });

    byte[] audio = Packets.rtp(0, 1, 0, 1, Packets.pattern(160, 3));
    byte[] video = Packets.rtp(96, 1, 0, 2, Packets.pattern(1200, 4));
    aliceAudio.rtp().send(audio, at(PUBLIC, legs[0].alice().rtp()));
    aliceVideo.rtp().send(video, at(PUBLIC, legs[1].alice().rtp()));
    assertThat(bobVideo.rtp().receive(WAIT).data()).isEqualTo(video);
    assertThat(bobAudio.rtp().receive(WAIT).data()).isEqualTo(audio);

    byte[] videoBack = Packets.rtp(96, 9, 0, 3, Packets.pattern(900, 5));
    bobVideo.rtp().send(videoBack, at(PRIVATE, legs[1].bob().rtp()));
    var back = aliceVideo.rtp().receive(WAIT);
    assertThat(back.data()).isEqualTo(videoBack);
    assertThat(back.source()).isEqualTo(at(PUBLIC, legs[1].alice().rtp()));

    var stats = stats("call-av");
    assertThat(stats.monologues().get(0).medias())
        .extracting(MediaStats::index, MediaStats::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "audio"),
            org.assertj.core.groups.Tuple.tuple(2, "video"));
  }

  @Test
  void bridgesRtcpMuxOnOneSideToSeparateRtcpOnTheOther() throws Exception {
    UdpEndpoint aliceMuxed = endpoint(ALICE_IP); // RTP and RTCP on one port (RFC 5761)
    Party bob = party(BOB_IP);
    Legs legs =
        onCall(
            "call-mux",
            call -> {
              MediaStream a = call.monologue("alice-tag").addMedia("audio", PUBLIC);
              MediaStream b = call.monologue("bob-tag").addMedia("audio", PRIVATE);
              a.setRtcpMux(true);
              a.setExpectedPeer(aliceMuxed.address(), aliceMuxed.port(), aliceMuxed.port());
              b.setExpectedPeer(bob.rtp().address(), bob.rtp().port(), bob.rtcp().port());
              MediaStream.pair(a, b);
              call.signalled();
              return new Legs(Ports.of(a), Ports.of(b));
            });
    assertThat(legs.alice().rtcp()).as("muxed: RTCP on the RTP port").isEqualTo(legs.alice().rtp());

    byte[] rtp = Packets.rtp(0, 1, 0, 0xA, Packets.pattern(160, 6));
    byte[] sr = RtcpFixtures.senderReport(0xA);
    aliceMuxed.send(rtp, at(PUBLIC, legs.alice().rtp()));
    aliceMuxed.send(sr, at(PUBLIC, legs.alice().rtp()));
    assertThat(bob.rtp().receive(WAIT).data()).isEqualTo(rtp);
    var rtcpAtBob = bob.rtcp().receive(WAIT);
    assertThat(rtcpAtBob.data()).as("demuxed to bob's RTCP port").isEqualTo(sr);
    assertThat(rtcpAtBob.source()).isEqualTo(at(PRIVATE, legs.bob().rtcp()));

    byte[] rr = Packets.receiverReport(0xB, 0xA, 0, 0, 0);
    byte[] rtpBack = Packets.rtp(0, 5, 0, 0xB, Packets.pattern(160, 7));
    bob.rtcp().send(rr, at(PRIVATE, legs.bob().rtcp()));
    var rtcpAtAlice = aliceMuxed.receive(WAIT);
    assertThat(rtcpAtAlice.data()).as("muxed onto alice's one port").isEqualTo(rr);
    assertThat(rtcpAtAlice.source()).isEqualTo(at(PUBLIC, legs.alice().rtp()));
    bob.rtp().send(rtpBack, at(PRIVATE, legs.bob().rtp()));
    assertThat(aliceMuxed.receive(WAIT).data()).isEqualTo(rtpBack);

    var aliceStats = stats("call-mux").monologues().get(0).medias().get(0);
    assertThat(aliceStats.rtcpMux()).isTrue();
    assertThat(aliceStats.rtcp().open()).as("RTCP socket closed under mux").isFalse();
    assertThat(aliceStats.rtp().packets()).as("RTP and RTCP counted on the one port").isEqualTo(2);
  }

  @Test
  void dropsAndCountsPacketsFromAStrangerAfterTheLock() throws Exception {
    Party alice = party(ALICE_IP);
    Party bob = party(BOB_IP);
    UdpEndpoint sameHostOtherPort = endpoint(ALICE_IP);
    UdpEndpoint otherHost = endpoint("127.0.1.101");
    Legs legs = audioCall("call-stranger", alice, bob);
    alice.rtp().send(Packets.rtp(0, 1, 0, 1, new byte[160]), at(PUBLIC, legs.alice().rtp()));
    assertThat(RtpHeader.sequenceNumber(bob.rtp().receive(WAIT).data(), 0)).isEqualTo(1);

    clock.advance(RelayConfig.DEFAULT_LEARNING_WINDOW.plusMillis(1));
    sameHostOtherPort.send(
        Packets.rtp(0, 666, 0, 6, new byte[160]), at(PUBLIC, legs.alice().rtp()));
    otherHost.send(Packets.rtp(0, 667, 0, 6, new byte[160]), at(PUBLIC, legs.alice().rtp()));
    alice.rtp().send(Packets.rtp(0, 2, 160, 1, new byte[160]), at(PUBLIC, legs.alice().rtp()));

    // The relay socket handles datagrams in arrival order: the injected ones came first.
    assertThat(RtpHeader.sequenceNumber(bob.rtp().receive(WAIT).data(), 0)).isEqualTo(2);
    var rtp = awaitStats("call-stranger", s -> first(s).rtp().packets() == 2).monologues();
    MediaStats aliceMedia = rtp.get(0).medias().get(0);
    assertThat(aliceMedia.rtp().strangerDrops()).isEqualTo(2);
    assertThat(aliceMedia.rtp().errors()).isEqualTo(2);
    assertThat(aliceMedia.rtp().locked()).isTrue();
    assertThat(aliceMedia.rtp().endpoint().getPort()).isEqualTo(alice.rtp().port());
  }

  @Test
  void followsANewSourcePortWithinTheLearningWindowThenLocksOnIt() throws Exception {
    Party alice = party(ALICE_IP);
    UdpEndpoint aliceAfterNat = endpoint(ALICE_IP);
    Party bob = party(BOB_IP);
    Legs legs = audioCall("call-relatch", alice, bob);

    bob.rtp().send(Packets.rtp(0, 1, 0, 2, new byte[160]), at(PRIVATE, legs.bob().rtp()));
    assertThat(alice.rtp().receive(WAIT).source()).as("SDP address first").isNotNull();

    clock.advance(Duration.ofSeconds(1)); // still inside the 3 s window
    aliceAfterNat.send(Packets.rtp(0, 1, 0, 1, new byte[160]), at(PUBLIC, legs.alice().rtp()));
    bob.rtp().receive(WAIT);
    bob.rtp().send(Packets.rtp(0, 2, 160, 2, new byte[160]), at(PRIVATE, legs.bob().rtp()));
    var relearned = aliceAfterNat.receive(WAIT);
    assertThat(RtpHeader.sequenceNumber(relearned.data(), 0)).isEqualTo(2);
    assertThat(relearned.source()).isEqualTo(at(PUBLIC, legs.alice().rtp()));

    clock.advance(Duration.ofSeconds(5)); // window over: locked on the NAT port
    alice.rtp().send(Packets.rtp(0, 9, 0, 1, new byte[160]), at(PUBLIC, legs.alice().rtp()));
    bob.rtp().send(Packets.rtp(0, 3, 320, 2, new byte[160]), at(PRIVATE, legs.bob().rtp()));
    assertThat(RtpHeader.sequenceNumber(aliceAfterNat.receive(WAIT).data(), 0)).isEqualTo(3);
    awaitStats("call-relatch", s -> first(s).rtp().strangerDrops() == 1);
  }

  @Test
  void dropsMediaUntilTheAnswerGivesThePeerAddressThenForwards() throws Exception {
    Party alice = party(ALICE_IP);
    Party bob = party(BOB_IP);
    Legs legs =
        onCall(
            "call-early",
            call -> {
              MediaStream a = call.monologue("alice-tag").addMedia("audio", PUBLIC);
              MediaStream b = call.monologue("bob-tag").addMedia("audio", PRIVATE);
              a.setExpectedPeer(alice.rtp().address(), alice.rtp().port(), 0);
              MediaStream.pair(a, b);
              call.signalled();
              return new Legs(Ports.of(a), Ports.of(b));
            });
    alice.rtp().send(Packets.rtp(0, 1, 0, 1, new byte[160]), at(PUBLIC, legs.alice().rtp()));
    awaitStats("call-early", s -> first(s).rtp().errors() == 1);

    onCall(
        "call-early",
        call -> {
          MediaStream b = call.findMonologue("bob-tag").orElseThrow().medias().getFirst();
          b.setExpectedPeer(bob.rtp().address(), bob.rtp().port(), bob.rtcp().port());
          call.signalled();
          return null;
        });
    alice.rtp().send(Packets.rtp(0, 2, 0, 1, new byte[160]), at(PUBLIC, legs.alice().rtp()));
    assertThat(RtpHeader.sequenceNumber(bob.rtp().receive(WAIT).data(), 0)).isEqualTo(2);
  }

  @Test
  void transcodesPcmuToPcmaAndBackWithinG711Quantisation() throws Exception {
    Party alice = party(ALICE_IP);
    Party bob = party(BOB_IP);
    Legs legs = audioCall("call-transcode", alice, bob);
    onCall(
        "call-transcode",
        call -> {
          call.findMonologue("alice-tag")
              .orElseThrow()
              .medias()
              .getFirst()
              .setTranscoding(G711Law.PCMU, G711Law.PCMA);
          call.findMonologue("bob-tag")
              .orElseThrow()
              .medias()
              .getFirst()
              .setTranscoding(G711Law.PCMA, G711Law.PCMU);
          return null;
        });

    long outSsrc = -1;
    for (int packet = 0; packet < 3; packet++) {
      byte[] ulaw = new byte[160];
      for (int i = 0; i < ulaw.length; i++) {
        double t = (packet * 160 + i) / 8000.0;
        ulaw[i] = G711.ulawEncode((int) (12000 * Math.sin(2 * Math.PI * 440 * t)));
      }
      alice
          .rtp()
          .send(
              Packets.rtp(0, 100 + packet, 1000 + 160L * packet, 0xA11CE, ulaw),
              at(PUBLIC, legs.alice().rtp()));
      byte[] out = bob.rtp().receive(WAIT).data();

      assertThat(RtpHeader.payloadType(out, 0)).isEqualTo(8);
      assertThat(RtpHeader.ssrc(out, 0)).as("a stream of its own").isNotEqualTo(0xA11CE);
      if (packet == 0) {
        outSsrc = RtpHeader.ssrc(out, 0);
      }
      assertThat(RtpHeader.ssrc(out, 0)).isEqualTo(outSsrc);
      byte[] alaw = Arrays.copyOfRange(out, 12, out.length);
      assertThat(alaw).hasSize(160);
      for (int i = 0; i < alaw.length; i++) {
        int expected = G711.ulawDecode(ulaw[i]);
        int actual = G711.alawDecode(alaw[i]);
        int segment = ((alaw[i] ^ 0x55) >> 4) & 0x07;
        assertThat(Math.abs(actual - expected))
            .as("sample %d of packet %d", i, packet)
            .isLessThanOrEqualTo(segment == 0 ? 8 : 4 << segment);
      }
    }

    byte[] alawBack = new byte[160];
    Arrays.fill(alawBack, G711.alawEncode(-3000));
    bob.rtp().send(Packets.rtp(8, 1, 0, 0xB0B, alawBack), at(PRIVATE, legs.bob().rtp()));
    byte[] back = alice.rtp().receive(WAIT).data();
    assertThat(RtpHeader.payloadType(back, 0)).isZero();
    assertThat((int) G711.ulawDecode(back[12]))
        .isCloseTo(-3000, org.assertj.core.data.Offset.offset(128));
  }

  @Test
  void runsOnNativeEpollWhereItLoads() {
    String expected = io.netty.channel.epoll.Epoll.isAvailable() ? "epoll" : "nio";
    assertThat(relay.transportName()).isEqualTo(expected);
  }

  @Test
  void refusesUseOfACallOutsideItsEventLoop() throws Exception {
    Call call = onCall("call-thread", c -> c);

    assertThatThrownBy(() -> call.monologue("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("event loop");
  }

  @Test
  void releasingAStreamReturnsItsPortsAndUnpairsThePeer() throws Exception {
    Party alice = party(ALICE_IP);
    Party bob = party(BOB_IP);
    Legs legs = audioCall("call-release", alice, bob);
    assertThat(relay.portPool(PUBLIC).usedPairs()).isEqualTo(1);

    boolean peerUnpaired =
        onCall(
            "call-release",
            call -> {
              Monologue bobSide = call.findMonologue("bob-tag").orElseThrow();
              MediaStream b = bobSide.medias().getFirst();
              MediaStream a = b.peer();
              b.release();
              b.release(); // idempotent
              return a.peer() == null && bobSide.medias().isEmpty();
            });

    assertThat(peerUnpaired).isTrue();
    assertThat(relay.portPool(PRIVATE).usedPairs()).isZero();
    assertThat(relay.portPool(PRIVATE).isReserved(legs.bob().rtp())).isFalse();
    // The socket is really closed: the port can be bound again.
    try (var s = new java.net.DatagramSocket(at(PRIVATE, legs.bob().rtp()))) {
      assertThat(s.isBound()).isTrue();
    }
  }

  private static MediaStats first(io.isthmus.media.relay.stats.CallStats s) {
    return s.monologues().get(0).medias().get(0);
  }
}
