package io.isthmus.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointLatchTest {

  private static final long WINDOW = Duration.ofSeconds(3).toNanos();
  private static final long T0 = 1_000_000_000L;
  private static final InetSocketAddress SDP = addr("127.0.1.100", 4000);
  private static final InetSocketAddress NAT = addr("127.0.1.100", 4100);
  private static final InetSocketAddress OTHER = addr("127.0.1.100", 4200);
  private static final InetSocketAddress STRANGER = addr("127.0.1.66", 5000);

  @Test
  void sendsToTheSdpAddressBeforeAnyPacket() {
    var latch = new EndpointLatch(WINDOW, T0);
    assertThat(latch.destination()).isNull();

    latch.expect(SDP, T0);

    assertThat(latch.destination()).isEqualTo(SDP);
    assertThat(latch.isLocked(T0 + WINDOW)).as("nothing learned, nothing locked").isFalse();
  }

  @Test
  void followsTheLatestSourceDuringTheLearningWindow() {
    var latch = new EndpointLatch(WINDOW, T0);
    latch.expect(SDP, T0);

    assertThat(latch.accept(NAT, T0 + 1)).isTrue();
    assertThat(latch.destination()).isEqualTo(NAT);
    assertThat(latch.accept(OTHER, T0 + WINDOW - 1)).as("re-latch inside the window").isTrue();
    assertThat(latch.destination()).isEqualTo(OTHER);
  }

  @Test
  void locksWhenTheWindowEndsAndRefusesStrangers() {
    var latch = new EndpointLatch(WINDOW, T0);
    latch.expect(SDP, T0);
    latch.accept(NAT, T0 + 1);

    assertThat(latch.accept(STRANGER, T0 + WINDOW)).isFalse();
    assertThat(latch.accept(OTHER, T0 + WINDOW + 1)).isFalse();
    assertThat(latch.accept(addr("127.0.1.100", 4100), T0 + WINDOW + 2))
        .as("an equal address object of the locked source")
        .isTrue();
    assertThat(latch.destination()).isEqualTo(NAT);
    assertThat(latch.isLocked(T0 + WINDOW)).isTrue();
  }

  @Test
  void latchesTheFirstSourceAfterAQuietWindowAndLocksAtOnce() {
    var latch = new EndpointLatch(WINDOW, T0);
    latch.expect(SDP, T0);

    assertThat(latch.accept(NAT, T0 + 10 * WINDOW)).isTrue();
    assertThat(latch.accept(SDP, T0 + 10 * WINDOW + 1))
        .as("even the SDP address is a stranger now")
        .isFalse();
    assertThat(latch.destination()).isEqualTo(NAT);
  }

  @Test
  void newSignallingReopensTheWindow() {
    var latch = new EndpointLatch(WINDOW, T0);
    latch.expect(SDP, T0);
    latch.accept(NAT, T0 + 1);
    long later = T0 + 5 * WINDOW;
    assertThat(latch.accept(OTHER, later)).isFalse();

    latch.restart(later);

    assertThat(latch.accept(OTHER, later + 1)).isTrue();
    assertThat(latch.destination()).isEqualTo(OTHER);
  }

  @Test
  void aChangedSdpAddressIsUsedAtOnceAndForgetsTheLearnedSource() {
    var latch = new EndpointLatch(WINDOW, T0);
    latch.expect(SDP, T0);
    latch.accept(NAT, T0 + 1);
    InetSocketAddress moved = addr("127.0.1.101", 6000);

    latch.expect(moved, T0 + 5 * WINDOW);

    assertThat(latch.destination()).isEqualTo(moved);
  }

  @Test
  void theSameSdpAddressAgainKeepsTheLearnedSource() {
    var latch = new EndpointLatch(WINDOW, T0);
    latch.expect(SDP, T0);
    latch.accept(NAT, T0 + 1);

    latch.expect(addr("127.0.1.100", 4000), T0 + 5 * WINDOW);

    assertThat(latch.destination()).isEqualTo(NAT);
  }

  private static InetSocketAddress addr(String ip, int port) {
    return new InetSocketAddress(InetAddress.ofLiteral(ip), port);
  }
}
