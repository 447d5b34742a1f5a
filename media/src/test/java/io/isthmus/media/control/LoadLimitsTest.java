package io.isthmus.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BInteger;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/**
 * rtpengine's limits on new calls: {@code max-sessions}, {@code max-load}, {@code max-cpu}, {@code
 * max-bandwidth}, with rtpengine's replies (call_offer_session_limit, control_ng.c). Load and CPU
 * come from an injected source sampled on the fake clock; bandwidth from real RTP.
 */
class LoadLimitsTest extends ControlTestSupport {

  /** Load and CPU as the test sets them. */
  static final class SetLoad implements LoadSource {
    volatile double load;
    volatile double cpu;

    @Override
    public double loadAverage() {
      return load;
    }

    @Override
    public double cpuPercent() {
      return cpu;
    }
  }

  final SetLoad host = new SetLoad();

  void limit(LoadLimits limits) {
    handler.close();
    handler =
        newHandler(
            ControlConfig.defaults()
                .withWallClock(InstantSource.fixed(WALL))
                .withLimits(limits)
                .withLoadSource(host));
  }

  static String sdp(int port) {
    return Ng.crlf(
        "v=0\no=alice 1 1 IN IP4 127.0.1.100\ns=-\nc=IN IP4 127.0.1.100\nt=0 0\n"
            + "m=audio "
            + port
            + " RTP/AVP 0\n");
  }

  /** An offer as Kamailio sends it: with {@code supports: ["load limit"]}. */
  static Ng kamailioOffer(String callId) {
    return Ng.offer(callId, "from-" + callId, sdp(5000)).list("supports", "load limit");
  }

  /** An offer from a client that does not know {@code load limit} (rtpengine's legacy). */
  static Ng legacyOffer(String callId) {
    return Ng.offer(callId, "from-" + callId, sdp(5000));
  }

  long rejectedSessions() throws Exception {
    BDict stats = (BDict) ok(Ng.command("statistics")).body().get("statistics");
    return ((BInteger) ((BDict) stats.get("totalstatistics")).get("rejectedsessions")).value();
  }

  static void assertLoadLimit(NgResponse r, String message) {
    assertThat(r.result()).as("reply %s", r).isEqualTo("load limit");
    assertThat(r.errorReason()).isEqualTo(message);
  }

  static void assertSessionLimitError(NgResponse r) {
    assertThat(r.result()).as("reply %s", r).isEqualTo("error");
    assertThat(r.errorReason()).isEqualTo("Parallel session limit reached");
  }

  @Test
  void refusesNewCallsAtMaxSessionsButNotOffersForCallsItHolds() throws Exception {
    limit(LoadLimits.NONE.withMaxSessions(2));
    ok(kamailioOffer("c1"));
    ok(kamailioOffer("c2"));

    assertLoadLimit(send(kamailioOffer("c3")), "Parallel session limit reached");
    assertSessionLimitError(send(legacyOffer("c4")));
    assertThat(handler.callCount()).isEqualTo(2);
    assertThat(rejectedSessions()).isEqualTo(2);
    ok(kamailioOffer("c1")); // a re-offer of a held call passes

    ok(Ng.command("delete").put("call-id", "c1").put("from-tag", "from-c1").put("delete-delay", 0));
    ok(kamailioOffer("c3"));
    assertThat(handler.callCount()).isEqualTo(2);
    ok(Ng.command("delete").put("call-id", "c2").put("from-tag", "from-c2").put("delete-delay", 0));
    ok(Ng.command("delete").put("call-id", "c3").put("from-tag", "from-c3").put("delete-delay", 0));
  }

  @Test
  void maxSessionsZeroDrainsTheRelay() throws Exception {
    limit(LoadLimits.NONE.withMaxSessions(0));
    assertSessionLimitError(send(legacyOffer("c1")));
    assertThat(handler.callCount()).isZero();
  }

  @Test
  void refusesNewCallsWhileTheSampledLoadAverageIsAtTheLimit() throws Exception {
    host.load = 1.5;
    limit(new LoadLimits(-1, 2.0, 0, 0));
    ok(kamailioOffer("c1"));

    host.load = 2.0;
    ok(kamailioOffer("c2")); // not sampled yet: 0.5 s, as rtpengine's load monitor
    clock.advance(Duration.ofMillis(500));
    assertLoadLimit(send(kamailioOffer("c3")), "Load limit exceeded");
    assertSessionLimitError(send(legacyOffer("c3")));
    assertThat(rejectedSessions()).as("only the session limit counts").isZero();

    host.load = 1.99;
    clock.advance(Duration.ofMillis(500));
    ok(kamailioOffer("c3"));
    for (String c : new String[] {"c1", "c2", "c3"}) {
      ok(
          Ng.command("delete")
              .put("call-id", c)
              .put("from-tag", "from-" + c)
              .put("delete-delay", 0));
    }
  }

  @Test
  void refusesNewCallsWhileTheCpuIsAtTheLimit() throws Exception {
    host.cpu = 95;
    limit(new LoadLimits(-1, 0, 90, 0));
    assertLoadLimit(send(kamailioOffer("c1")), "CPU usage limit exceeded");
    host.cpu = 40;
    clock.advance(Duration.ofMillis(500));
    ok(kamailioOffer("c1"));
    ok(Ng.command("delete").put("call-id", "c1").put("from-tag", "from-c1").put("delete-delay", 0));
  }

  @Test
  void refusesNewCallsWhileTheRelayReceivesAtTheBandwidthLimit() throws Exception {
    limit(new LoadLimits(-1, 0, 0, 1000));
    try (Peer alice = new Peer("127.0.1.100");
        Peer bob = new Peer("127.0.2.100")) {
      ok(
          Ng.offer("busy", "alice", sdp(alice.port()))
              .direction("public", "private")
              .list("supports", "load limit"));
      String answered =
          sdp(
              ok(
                  Ng.answer(
                      "busy",
                      "alice",
                      "bob",
                      Ng.crlf(
                          "v=0\no=bob 1 1 IN IP4 127.0.2.100\ns=-\nc=IN IP4 127.0.2.100\nt=0 0\n"
                              + "m=audio "
                              + bob.port()
                              + " RTP/AVP 0\n"))));
      int relayPort = port(answered, 0);
      byte[] rtp = new byte[172];
      rtp[0] = (byte) 0x80; // V=2 PT=0
      for (int i = 0; i < 6; i++) {
        alice.send(rtp, "127.0.1.1", relayPort);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (handler.relay().receivedBytes() < 6 * 172 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(handler.relay().receivedBytes()).isEqualTo(6 * 172);

      clock.advance(Duration.ofSeconds(1)); // 1,032 bytes in the last second
      assertLoadLimit(send(kamailioOffer("c1")), "Bandwidth limit exceeded");
      ok(Ng.offer("busy", "alice", sdp(alice.port())).list("supports", "load limit")); // held

      clock.advance(Duration.ofSeconds(1)); // nothing in the last second
      ok(kamailioOffer("c1"));
      for (String[] c : new String[][] {{"busy", "alice"}, {"c1", "from-c1"}}) {
        ok(Ng.command("delete").put("call-id", c[0]).put("from-tag", c[1]).put("delete-delay", 0));
      }
    }
  }
}
