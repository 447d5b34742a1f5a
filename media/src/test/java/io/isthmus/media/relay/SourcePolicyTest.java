package io.isthmus.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The NG flags strict-source, media-handover, asymmetric and symmetric (the default) on the latch,
 * as rtpengine documents them; each test shows what the default does with the same packets.
 */
class SourcePolicyTest {

  private static final long WINDOW = Duration.ofSeconds(3).toNanos();
  private static final long T0 = 1_000_000_000L;
  private static final InetSocketAddress SDP = addr("127.0.1.100", 4000);
  private static final InetSocketAddress SAME_ADDRESS = addr("127.0.1.100", 4100);
  private static final InetSocketAddress STRANGER = addr("127.0.1.66", 5000);

  private static InetSocketAddress addr(String ip, int port) {
    return new InetSocketAddress(InetAddress.ofLiteral(ip), port);
  }

  private static EndpointLatch latch(SourcePolicy policy) {
    var latch = new EndpointLatch(WINDOW, T0);
    latch.setPolicy(policy);
    latch.expect(SDP, T0);
    return latch;
  }

  @Test
  void strictSourceDropsWorseMatchesWhileLearningTheDefaultFollowsThem() {
    var strict = latch(new SourcePolicy(true, false, false));
    var normal = latch(SourcePolicy.DEFAULT);
    for (EndpointLatch l : new EndpointLatch[] {strict, normal}) {
      assertThat(l.accept(SAME_ADDRESS, T0 + 1)).isTrue();
      assertThat(l.accept(SDP, T0 + 2)).as("exact match").isTrue();
    }
    assertThat(strict.accept(STRANGER, T0 + 3)).as("strict: worse than the exact match").isFalse();
    assertThat(strict.accept(SAME_ADDRESS, T0 + 4)).isFalse();
    assertThat(strict.destination()).isEqualTo(SDP);
    assertThat(normal.accept(STRANGER, T0 + 3)).as("default: latest source").isTrue();
    assertThat(normal.destination()).isEqualTo(STRANGER);

    strict.restart(T0 + 10); // new signalling: the ranking starts over
    assertThat(strict.accept(STRANGER, T0 + 11)).isTrue();
  }

  @Test
  void mediaHandoverMovesTheLockedEndpointTheDefaultDropsTheNewSource() {
    var handover = latch(new SourcePolicy(false, true, false));
    var normal = latch(SourcePolicy.DEFAULT);
    for (EndpointLatch l : new EndpointLatch[] {handover, normal}) {
      l.accept(SDP, T0 + 1);
      assertThat(l.isLocked(T0 + WINDOW)).isTrue();
      assertThat(l.connectable()).isTrue();
    }
    assertThat(normal.accept(SAME_ADDRESS, T0 + WINDOW + 1)).isFalse();
    assertThat(normal.destination()).isEqualTo(SDP);

    assertThat(handover.accept(SAME_ADDRESS, T0 + WINDOW + 1)).isTrue();
    assertThat(handover.takeMoved()).isTrue();
    assertThat(handover.takeMoved()).as("reported once").isFalse();
    assertThat(handover.destination()).isEqualTo(SAME_ADDRESS);
    assertThat(handover.connectable()).as("no connected socket per move").isFalse();
    assertThat(handover.accept(SDP, T0 + WINDOW + 2)).as("and back").isTrue();
    assertThat(handover.destination()).isEqualTo(SDP);
  }

  @Test
  void asymmetricSendsToTheSdpAddressSymmetricToTheLearnedSource() {
    var asymmetric = latch(new SourcePolicy(false, false, true));
    var symmetric = latch(SourcePolicy.DEFAULT);
    for (EndpointLatch l : new EndpointLatch[] {asymmetric, symmetric}) {
      assertThat(l.accept(SAME_ADDRESS, T0 + 1)).isTrue();
    }
    assertThat(asymmetric.destination()).isEqualTo(SDP);
    assertThat(asymmetric.connectable()).isFalse();
    assertThat(symmetric.destination()).isEqualTo(SAME_ADDRESS);
    assertThat(asymmetric.accept(STRANGER, T0 + WINDOW + 1))
        .as("the source is still locked")
        .isFalse();

    asymmetric.setPolicy(SourcePolicy.DEFAULT); // a later offer with symmetric (or no flag)
    assertThat(asymmetric.destination()).isEqualTo(SAME_ADDRESS);
  }

  @Test
  void sdpSourceOnlyAcceptsNothingButTheSdpAddressWhileLearningAndAfter() {
    var sdpOnly = latch(new SourcePolicy(false, false, false, true));
    var strict = latch(new SourcePolicy(true, false, false));
    var normal = latch(SourcePolicy.DEFAULT);
    // an injector's first packet, before the party has sent anything: the other modes learn it
    for (EndpointLatch l : new EndpointLatch[] {strict, normal}) {
      assertThat(l.accept(STRANGER, T0 + 1)).as("learning from anyone").isTrue();
      assertThat(l.destination()).isEqualTo(STRANGER); // RTP Bleed: the stream goes to it
    }
    assertThat(sdpOnly.accept(STRANGER, T0 + 1)).as("stranger while learning").isFalse();
    assertThat(sdpOnly.accept(SAME_ADDRESS, T0 + 2)).as("same address, other port").isFalse();
    assertThat(sdpOnly.destination()).isEqualTo(SDP);
    assertThat(sdpOnly.learned()).isNull();
    assertThat(sdpOnly.accept(SDP, T0 + 3)).as("the signalled address and port").isTrue();
    assertThat(sdpOnly.learned()).isEqualTo(SDP);
    assertThat(sdpOnly.accept(STRANGER, T0 + 4)).isFalse();
    assertThat(sdpOnly.accept(STRANGER, T0 + WINDOW + 1)).as("after the window").isFalse();
    assertThat(sdpOnly.accept(SDP, T0 + WINDOW + 2)).isTrue();
    assertThat(sdpOnly.isLocked(T0 + WINDOW + 2)).isTrue();
    assertThat(sdpOnly.destination()).isEqualTo(SDP);

    // re-signalled elsewhere: the new address only, the old one is a stranger now
    InetSocketAddress moved = addr("127.0.1.101", 4200);
    sdpOnly.expect(moved, T0 + 2 * WINDOW);
    assertThat(sdpOnly.accept(SDP, T0 + 2 * WINDOW + 1)).isFalse();
    assertThat(sdpOnly.accept(moved, T0 + 2 * WINDOW + 2)).isTrue();
    assertThat(sdpOnly.destination()).isEqualTo(moved);
  }

  @Test
  void sdpSourceOnlyWithNothingSignalledAcceptsNoOne() {
    var latch = new EndpointLatch(WINDOW, T0);
    latch.setPolicy(new SourcePolicy(false, false, false, true));
    assertThat(latch.accept(SDP, T0 + 1)).isFalse();
    assertThat(latch.accept(SDP, T0 + WINDOW + 1)).as("nor the delayed learning").isFalse();
    assertThat(latch.destination()).isNull();
  }
}
