package io.isthmus.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The flags of a party's own offer reach its streams: with {@code asymmetric} the relay sends to
 * the SDP address although the party sends from elsewhere; without, to where it sends from.
 */
class AsymmetricFlagTest extends ControlTestSupport {

  static final Duration WAIT = Duration.ofSeconds(5);

  /** Checks that bob's packet reaches alice's SDP socket, or the one she sends from. */
  private void bobReachesAlice(String callId, boolean atSdpSocket, String... flags)
      throws Exception {
    try (Peer aliceSdp = new Peer("127.0.1.100");
        Peer aliceSends = new Peer("127.0.1.100");
        Peer bob = new Peer("127.0.2.100")) {
      ok(
          Ng.offer(
                  callId,
                  "alice",
                  Ng.crlf(
                      "v=0\no=alice 1 1 IN IP4 127.0.1.100\ns=-\nc=IN IP4 127.0.1.100\nt=0 0\n"
                          + "m=audio "
                          + aliceSdp.port()
                          + " RTP/AVP 0\n"))
              .direction("public", "private")
              .flags(flags));
      int towardsAlice =
          port(
              sdp(
                  ok(
                      Ng.answer(
                          callId,
                          "alice",
                          "bob",
                          Ng.crlf(
                              "v=0\no=bob 1 1 IN IP4 127.0.2.100\ns=-\nc=IN IP4 127.0.2.100\n"
                                  + "t=0 0\nm=audio "
                                  + bob.port()
                                  + " RTP/AVP 0\n")))),
              0);
      byte[] rtp = new byte[172];
      rtp[0] = (byte) 0x80;
      aliceSends.send(rtp, "127.0.1.1", towardsAlice);
      int towardsBob = bob.receive(WAIT).source().getPort();
      bob.send(rtp, "127.0.2.1", towardsBob);
      Peer expected = atSdpSocket ? aliceSdp : aliceSends;
      assertThat(expected.receive(WAIT).data()).isEqualTo(rtp);
      ok(Ng.command("delete").put("call-id", callId).put("delete-delay", 0));
    }
  }

  @Test
  void asymmetricSendsToTheSdpAddress() throws Exception {
    bobReachesAlice("asym", true, "asymmetric");
  }

  @Test
  void symmetricAndTheDefaultSendToTheSource() throws Exception {
    bobReachesAlice("sym", false, "symmetric");
    bobReachesAlice("default", false);
  }
}
