package io.isthmus.media.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortPoolTest {

  private static final InetAddress LOCAL = InetAddress.ofLiteral("127.0.1.1");

  @Test
  void handsOutEvenRtpPortsInsideTheRange() throws Exception {
    var pool = new PortPool(LOCAL, 30000, 30009, 0);
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < pool.pairCount(); i++) {
      int rtp = pool.reserve();
      assertThat(rtp % 2).as("RTP port is even").isZero();
      assertThat(rtp).isBetween(30000, 30008);
      assertThat(rtp + 1).as("RTCP port fits the range").isLessThanOrEqualTo(30009);
      ports.add(rtp);
    }
    assertThat(ports).containsExactlyInAnyOrder(30000, 30002, 30004, 30006, 30008);
  }

  @Test
  void roundsAnOddMinimumUpAndDropsAPairThatWouldPassTheMaximum() throws Exception {
    var pool = new PortPool(LOCAL, 30001, 30006, 0);
    // 30002/30003, 30004/30005; 30006/30007 would put RTCP outside the range.
    assertThat(pool.pairCount()).isEqualTo(2);
    assertThat(Set.of(pool.reserve(), pool.reserve())).containsExactlyInAnyOrder(30002, 30004);
  }

  @Test
  void reportsRanOutOfPortsWhenExhaustedWithoutCrashing() throws Exception {
    var pool = new PortPool(LOCAL, 30000, 30003, 1);
    pool.reserve();
    pool.reserve();

    assertThatThrownBy(pool::reserve)
        .isInstanceOfSatisfying(
            PortsExhaustedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("Ran out of ports");
              assertThat(e.getMessage()).startsWith("Ran out of ports").contains("127.0.1.1");
            });
    assertThat(pool.freePairs()).isZero();
  }

  @Test
  void reusesAReleasedPairAndReusesTheOldestFreedLast() throws Exception {
    var pool = new PortPool(LOCAL, 30000, 30005, 0);
    int first = pool.reserve();
    int second = pool.reserve();
    pool.release(first);
    assertThat(pool.usedPairs()).isEqualTo(1);
    assertThat(pool.isReserved(first)).isFalse();

    // Rotation: the never-used third pair comes before the one just released.
    int third = pool.reserve();
    assertThat(third).isNotIn(first, second);
    assertThat(pool.reserve()).isEqualTo(first);
  }

  @Test
  void refusesToReleaseAPortItDidNotHandOut() throws Exception {
    var pool = new PortPool(LOCAL, 30000, 30005, 0);
    int port = pool.reserve();
    pool.release(port);

    assertThatThrownBy(() -> pool.release(port)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> pool.release(30001)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pool.release(31000)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsRangesWithoutAPair() {
    assertThatThrownBy(() -> new PortPool(LOCAL, 30001, 30001, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PortPool(LOCAL, 40000, 30000, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PortPool(LOCAL, 0, 100, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentReservationsNeverShareAPair() throws Exception {
    var pool = new PortPool(LOCAL, 30000, 39999, 7);
    Set<Integer> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    var threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 1000; i++) {
                      try {
                        seen.add(pool.reserve()); // a duplicate would leave the set short
                      } catch (PortsExhaustedException e) {
                        return; // leaves the set short as well
                      }
                    }
                  });
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(seen).hasSize(4000);
    assertThat(pool.usedPairs()).isEqualTo(4000);
  }
}
