package io.isthmus.media.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.media.net.PortsExhaustedException;
import java.net.DatagramSocket;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Port pairs on a range of two pairs (43100/43101 and 43102/43103), with real binds. */
class PortAllocationTest extends RelayTestSupport {

  private DatagramSocket squatter;

  @Override
  RelayConfig config() {
    return RelayConfig.defaults(List.of(PUBLIC, PRIVATE))
        .withPorts(43100, 43103)
        .withEventLoops(1, true);
  }

  @AfterEach
  void closeSquatter() {
    if (squatter != null) {
      squatter.close();
    }
  }

  private int addMedia(String callId) throws Exception {
    return onCall(callId, call -> call.monologue("a").addMedia("audio", PUBLIC).localRtpPort());
  }

  @Test
  void reportsRanOutOfPortsWhenEveryPairIsTaken() throws Exception {
    int first = addMedia("call-1");
    int second = addMedia("call-1");
    assertThat(List.of(first, second)).containsExactlyInAnyOrder(43100, 43102);

    assertThatThrownBy(() -> addMedia("call-1"))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(PortsExhaustedException.class)
        .hasMessageStartingWith("Ran out of ports");
    assertThat(relay.portPool(PUBLIC).usedPairs()).isEqualTo(2);
    assertThat(relay.portPool(PRIVATE).usedPairs()).as("other address untouched").isZero();
  }

  @Test
  void skipsAPairWhoseRtpPortAnotherSocketHolds() throws Exception {
    squatter = new DatagramSocket(at(PUBLIC, 43100));

    assertThat(addMedia("call-2")).isEqualTo(43102);
    assertThat(relay.portPool(PUBLIC).isReserved(43100)).as("busy pair went back").isFalse();
    assertThatThrownBy(() -> addMedia("call-2"))
        .cause()
        .isInstanceOf(PortsExhaustedException.class);
  }

  @Test
  void skipsAPairWhoseRtcpPortAnotherSocketHoldsAndClosesItsRtpSocket() throws Exception {
    squatter = new DatagramSocket(at(PUBLIC, 43103));

    assertThat(addMedia("call-3")).isEqualTo(43100);
    assertThatThrownBy(() -> addMedia("call-3"))
        .cause()
        .isInstanceOf(PortsExhaustedException.class);
    // The RTP half of the refused pair was closed again.
    try (var probe = new DatagramSocket(at(PUBLIC, 43102))) {
      assertThat(probe.getLocalPort()).isEqualTo(43102);
    }
  }

  @Test
  void twoInterfacesOnDifferentAddressesHaveTheirOwnPortSpace() throws Exception {
    int pub = addMedia("call-4");
    int priv =
        onCall("call-4", call -> call.monologue("b").addMedia("audio", PRIVATE).localRtpPort());

    assertThat(List.of(pub, priv)).allMatch(p -> p == 43100 || p == 43102);
    assertThat(relay.portPool(PUBLIC).usedPairs()).isEqualTo(1);
    assertThat(relay.portPool(PRIVATE).usedPairs()).isEqualTo(1);
  }
}
