package io.isthmus.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code isthmus run} with the relay in process and a short {@code relay.timeout}: an answered call
 * that carries no media is timed out by the relay, and the proxy ends it with a BYE to each party
 * and counts it.
 */
class MediaTimeoutTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String CONFIG =
      """
      networks:
        public:
          sip:
            - address: 127.0.1.1
              port: 26560
              transports: [udp]
          media: public/127.0.1.1
          sources: [127.0.1.0/24]
          gateway-set: 1
        private:
          sip:
            - address: 127.0.2.1
              port: 26560
              transports: [udp]
          media: private/127.0.2.1
          sources: [127.0.2.0/24]
          gateway-set: 2
      dispatcher:
        sets:
          1: [sip:127.0.1.11:26570]
          2: [sip:127.0.2.11:26570]
        probing:
          interval: 60s
      relay:
        listen-ng: 127.0.0.1:26522
        port-min: 48300
        port-max: 48399
        timeout: 2s
        delete-delay: 0s
      admin:
        listen: 127.0.0.1:26580
      """;

  private static String sdp(String ip, int port) {
    return "v=0\no=ua 1 1 IN IP4 "
        + ip
        + "\ns=-\nc=IN IP4 "
        + ip
        + "\nt=0 0\nm=audio "
        + port
        + " RTP/AVP 0\na=rtpmap:0 PCMU/8000\n";
  }

  @Test
  void aCallTheRelayTimesOutIsEndedWithAByeToEachParty(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("isthmus.yaml");
    Files.writeString(file, CONFIG);
    IsthmusConfig config =
        switch (ConfigLoader.load(file)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
        };
    try (TestUserAgent caller = TestUserAgent.bind("alice", "127.0.1.100", 26571);
        TestUserAgent gateway = TestUserAgent.bind("gw", "127.0.2.11", 26570);
        Product product = Product.start(config, Product.Roles.PROXY_AND_RELAY, file)) {
      gateway.script(TestUserAgent.Script.answer(sdp("127.0.2.11", 26590)));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (product.dispatcher().status().stream()
              .anyMatch(s -> s.gateway().setId() == 2 && s.lastProbeStatus() != 200)
          && System.nanoTime() - deadline < 0) {
        Thread.sleep(10); // a poll under a deadline: the first probe's answer
      }
      String callId = "media-timeout-1";
      caller.send(
          "INVITE sip:bob@127.0.1.1:26560 SIP/2.0\n"
              + "Via: SIP/2.0/UDP 127.0.1.100:26571;branch=z9hG4bK-mt1\n"
              + "Max-Forwards: 70\n"
              + "From: <sip:alice@127.0.1.100>;tag=alice\n"
              + "To: <sip:bob@127.0.1.1>\n"
              + "Call-ID: "
              + callId
              + "\nCSeq: 1 INVITE\n"
              + "Contact: <sip:alice@127.0.1.100:26571>\n"
              + "Content-Type: application/sdp\n"
              + "Content-Length: ?\n\n"
              + sdp("127.0.1.100", 26592),
          new InetSocketAddress("127.0.1.1", 26560));
      SipResponse ok = caller.awaitResponse(callId, "INVITE", 200, WAIT);
      assertThat(ok).as("200 to the INVITE").isNotNull();
      SipRequest ack = caller.inDialog("ACK", ok, 1, null);
      caller.send(ack, TestUserAgent.nextHop(ack));
      assertThat(product.proxy().answeredCalls()).isEqualTo(1);

      // no RTP at all: the relay's timeout (2 s) ends the media, the proxy the call
      assertThat(caller.awaitRequest(callId, "BYE", WAIT)).as("BYE to the caller").isNotNull();
      assertThat(gateway.awaitRequest(callId, "BYE", WAIT)).as("BYE to the callee").isNotNull();
      assertThat(product.proxy().answeredCalls()).isZero();
      assertThat(product.proxy().relayEndedCalls()).isEqualTo(1);
      assertThat(product.relay().callCount()).isZero();
    }
  }
}
