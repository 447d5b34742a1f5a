package io.isthmus.proxy.core;

import static io.isthmus.proxy.core.CoreHarness.CALLER;
import static io.isthmus.proxy.core.CoreHarness.GW1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every message the core drops is counted by its cause (isthmus_sip_dropped_total). */
class DropCountersTest {
  private final CoreHarness h = new CoreHarness();

  @Test
  void countsAProvisionalResponseWithoutTransactionAsStray() {
    h.fromPrivate(
        CoreHarness.parse(
            "SIP/2.0 180 Ringing\n"
                + "Via: SIP/2.0/UDP 127.0.2.1:5060;branch=z9hG4bK-is-0000000000000000-0\n"
                + "Via: SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-caller\n"
                + "From: <sip:alice@127.0.1.100>;tag=alice\n"
                + "To: <sip:bob@127.0.1.1>;tag=bob\n"
                + "Call-ID: stray-1\n"
                + "CSeq: 1 INVITE\n"
                + "Content-Length: 0\n\n"),
        GW1);

    assertThat(h.wire).isEmpty();
    assertThat(h.counters.droppedByCause()).containsEntry("stray-response", 1L);
    assertThat(h.counters.droppedByCause().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(1);
  }

  @Test
  void countsAnAckAddressedToTheProxyWithoutRouteAsDroppedAck() {
    h.fromPublic(
        CoreHarness.parse(
            "ACK sip:127.0.1.1:5060 SIP/2.0\n"
                + "Via: SIP/2.0/UDP 127.0.1.100:5060;branch=z9hG4bK-ack\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:alice@127.0.1.100>;tag=alice\n"
                + "To: <sip:bob@127.0.1.1>;tag=bob\n"
                + "Call-ID: ack-1\n"
                + "CSeq: 1 ACK\n"
                + "Content-Length: 0\n\n"),
        CALLER);

    assertThat(h.wire).isEmpty();
    assertThat(h.counters.droppedByCause()).containsEntry("ack", 1L);
  }
}
