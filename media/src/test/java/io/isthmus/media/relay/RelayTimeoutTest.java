package io.isthmus.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rtpengine's timeouts on the fake clock, with real sockets whose ports must come back. */
class RelayTimeoutTest extends RelayTestSupport {

  @Override
  RelayConfig config() {
    return RelayConfig.defaults(List.of(PUBLIC, PRIVATE))
        .withPorts(43200, 43299)
        .withEventLoops(2, true)
        .withTimeouts(
            Duration.ofSeconds(60),
            Duration.ofSeconds(600),
            Duration.ofSeconds(300),
            Duration.ZERO);
  }

  /** Sets up alice (public) <-> bob (private) with both addresses known; returns alice's port. */
  int answeredCall(String callId, UdpEndpoint alice, UdpEndpoint bob) throws Exception {
    return onCall(
        callId,
        call -> {
          MediaStream a = call.monologue("alice").addMedia("audio", PUBLIC);
          MediaStream b = call.monologue("bob").addMedia("audio", PRIVATE);
          a.setExpectedPeer(alice.address(), alice.port(), 0);
          b.setExpectedPeer(bob.address(), bob.port(), 0);
          MediaStream.pair(a, b);
          call.signalled();
          return a.localRtpPort();
        });
  }

  void advance(Duration d) throws Exception {
    clock.advance(d);
    drainLoops(); // the sweeps handed to the loops have run
  }

  boolean exists(String callId) {
    return relay.callIds().contains(callId);
  }

  @Test
  void deletesACallWithoutMediaAfterTheTimeoutAndReturnsItsPorts() throws Exception {
    answeredCall("silent", endpoint(ALICE_IP), endpoint(BOB_IP));
    assertThat(relay.portPool(PUBLIC).usedPairs()).isEqualTo(1);

    advance(Duration.ofSeconds(59));
    assertThat(exists("silent")).isTrue();
    advance(Duration.ofSeconds(2));

    assertThat(exists("silent")).isFalse();
    assertThat(deletions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.callId()).isEqualTo("silent");
              assertThat(d.reason()).isEqualTo(DeletionReason.TIMEOUT);
              assertThat(d.stats().monologues()).hasSize(2);
            });
    assertThat(relay.portPool(PUBLIC).usedPairs()).isZero();
    assertThat(relay.portPool(PRIVATE).usedPairs()).isZero();
  }

  @Test
  void mediaInOneDirectionKeepsTheCallAlive() throws Exception {
    UdpEndpoint alice = endpoint(ALICE_IP);
    int alicePort = answeredCall("one-way", alice, endpoint(BOB_IP));

    advance(Duration.ofSeconds(50));
    alice.send(
        Packets.rtp(0, 1, 0, 1, new byte[160]), new InetSocketAddress(PUBLIC.local(), alicePort));
    awaitStats("one-way", s -> s.totalPackets() == 1);
    advance(Duration.ofSeconds(50)); // 100 s since signalling, 50 s since alice's packet

    assertThat(exists("one-way")).isTrue();
    advance(Duration.ofSeconds(11));
    assertThat(exists("one-way")).isFalse();
    assertThat(deletions).extracting(Deletion::reason).containsExactly(DeletionReason.TIMEOUT);
  }

  @Test
  void streamsOnHoldTimeOutOnTheSilentTimeout() throws Exception {
    answeredCall("held", endpoint(ALICE_IP), endpoint(BOB_IP));
    onCall(
        "held",
        call -> {
          for (Monologue m : call.monologues()) {
            m.medias().forEach(media -> media.setExpectingMedia(false));
          }
          return null;
        });

    advance(Duration.ofSeconds(120));
    assertThat(exists("held")).as("past timeout, within silent-timeout").isTrue();
    advance(Duration.ofSeconds(481));

    assertThat(exists("held")).isFalse();
    assertThat(deletions)
        .extracting(Deletion::reason)
        .containsExactly(DeletionReason.SILENT_TIMEOUT);
  }

  @Test
  void anUnansweredOfferTimesOutOnTheOfferTimeout() throws Exception {
    UdpEndpoint alice = endpoint(ALICE_IP);
    onCall(
        "unanswered",
        call -> {
          MediaStream a = call.monologue("alice").addMedia("audio", PUBLIC);
          MediaStream b = call.monologue("").addMedia("audio", PRIVATE); // answerer unknown yet
          a.setExpectedPeer(alice.address(), alice.port(), 0);
          MediaStream.pair(a, b);
          return null;
        });

    advance(Duration.ofSeconds(120));
    assertThat(exists("unanswered")).as("b's stream waits for the answer").isTrue();
    advance(Duration.ofSeconds(181));

    assertThat(exists("unanswered")).isFalse();
    assertThat(deletions).extracting(Deletion::reason).containsExactly(DeletionReason.TIMEOUT);
  }

  @Test
  void aCallWithoutMediaIsReapedByTheOfferTimeout() throws Exception {
    onCall("empty", call -> call.monologue("alice"));

    advance(Duration.ofSeconds(299));
    assertThat(exists("empty")).isTrue();
    advance(Duration.ofSeconds(2));

    assertThat(exists("empty")).isFalse();
    assertThat(deletions)
        .extracting(Deletion::reason)
        .containsExactly(DeletionReason.OFFER_TIMEOUT);
  }

  @Test
  void finalTimeoutEndsACallDespiteMedia() throws Exception {
    relay.close();
    relay =
        MediaRelay.start(
            config()
                .withTimeouts(
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(600),
                    Duration.ofSeconds(300),
                    Duration.ofSeconds(90)),
            clock,
            clock,
            (callId, reason, stats) -> deletions.add(new Deletion(callId, reason, stats)));
    deletions.clear();
    UdpEndpoint alice = endpoint(ALICE_IP);
    int alicePort = answeredCall("long", alice, endpoint(BOB_IP));

    for (int i = 1; i <= 3; i++) {
      advance(Duration.ofSeconds(29));
      alice.send(
          Packets.rtp(0, i, 0, 1, new byte[160]), new InetSocketAddress(PUBLIC.local(), alicePort));
      int expected = i;
      awaitStats("long", s -> s.totalPackets() == expected);
    }
    assertThat(exists("long")).isTrue();
    advance(Duration.ofSeconds(4)); // 91 s after creation

    assertThat(exists("long")).isFalse();
    assertThat(deletions)
        .extracting(Deletion::reason)
        .containsExactly(DeletionReason.FINAL_TIMEOUT);
  }

  @Test
  void deleteReturnsFinalStatsAndTheListenerHearsIt() throws Exception {
    answeredCall("bye", endpoint(ALICE_IP), endpoint(BOB_IP));

    var stats = relay.delete("bye").get();
    var unknown = relay.delete("bye").get();

    assertThat(stats).hasValueSatisfying(s -> assertThat(s.callId()).isEqualTo("bye"));
    assertThat(unknown).isEmpty();
    assertThat(deletions).extracting(Deletion::reason).containsExactly(DeletionReason.DELETED);
    assertThat(relay.portPool(PUBLIC).usedPairs()).isZero();
  }

  @Test
  void shutdownDeletesEveryCallAndReturnsAllPorts() throws Exception {
    answeredCall("c1", endpoint(ALICE_IP), endpoint(BOB_IP));
    answeredCall("c2", endpoint(ALICE_IP), endpoint(BOB_IP));
    answeredCall("c3", endpoint(ALICE_IP), endpoint(BOB_IP));

    relay.close();

    assertThat(deletions).extracting(Deletion::callId).containsExactlyInAnyOrder("c1", "c2", "c3");
    assertThat(deletions).extracting(Deletion::reason).containsOnly(DeletionReason.SHUTDOWN);
    assertThat(relay.callCount()).isZero();
    assertThat(relay.onCall("late", c -> c).isCompletedExceptionally()).isTrue();
  }
}
