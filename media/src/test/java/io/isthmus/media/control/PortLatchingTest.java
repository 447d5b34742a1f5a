package io.isthmus.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * rtpengine's port latching on re-offers: a party whose port changed gets the other side new relay
 * ports, unless {@code port latching}; on hold (c=0.0.0.0) the ports stay, unless {@code no port
 * latching} and the port changed.
 */
class PortLatchingTest extends ControlTestSupport {

  static String offer(String address, int port) {
    return Ng.crlf(
        "v=0\no=alice 1 1 IN IP4 127.0.1.100\ns=-\nc=IN IP4 "
            + address
            + "\nt=0 0\nm=audio "
            + port
            + " RTP/AVP 0\n");
  }

  int offeredPort(String callId, String address, int port, String... flags) throws Exception {
    return port(
        sdp(
            ok(
                Ng.offer(callId, "alice", offer(address, port))
                    .direction("public", "private")
                    .flags(flags))),
        0);
  }

  void delete(String callId) throws Exception {
    ok(Ng.command("delete").put("call-id", callId).put("delete-delay", 0));
  }

  @Test
  void aChangedPortGetsNewRelayPortsUnlessPortLatching() throws Exception {
    int first = offeredPort("moved", "127.0.1.100", 5000);
    assertThat(offeredPort("moved", "127.0.1.100", 5000)).as("unchanged").isEqualTo(first);
    int moved = offeredPort("moved", "127.0.1.100", 6000);
    assertThat(moved).as("default: new ports").isNotEqualTo(first);
    assertThat(offeredPort("moved", "127.0.1.100", 7000, "port-latching"))
        .as("port-latching: kept")
        .isEqualTo(moved);
    delete("moved");
  }

  @Test
  void onHoldThePortsStayUnlessNoPortLatchingAndThePortChanged() throws Exception {
    int first = offeredPort("held", "127.0.1.100", 5000);
    assertThat(offeredPort("held", "0.0.0.0", 6000)).as("default: hold latches").isEqualTo(first);
    assertThat(offeredPort("held", "0.0.0.0", 5000, "no-port-latching"))
        .as("same port")
        .isEqualTo(first);
    assertThat(offeredPort("held", "0.0.0.0", 6000, "no-port-latching"))
        .as("no-port-latching, port changed")
        .isNotEqualTo(first);
    delete("held");
  }

  @Test
  void conflictingFlagsAreNamedInTheWarning() throws Exception {
    var r =
        ok(
            Ng.offer("both", "alice", offer("127.0.1.100", 5000))
                .flags("strict-source", "media-handover", "symmetric", "asymmetric"));
    assertThat(r.warning())
        .isEqualTo(
            "Flags 'strict-source' and 'media-handover' are mutually exclusive; Flags 'symmetric'"
                + " and 'asymmetric' together: asymmetric applies");
    delete("both");
  }
}
