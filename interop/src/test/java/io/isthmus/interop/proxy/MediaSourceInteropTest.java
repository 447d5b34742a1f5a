package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.wiring.Product;
import io.isthmus.media.relay.stats.CallStats;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.relay.stats.MonologueStats;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.RtpEndpoint;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code accept-media-from: sdp} on the public network (docs/config.md), through the proxy and the
 * in-process relay: an injector sends RTP to the caller's relay port from another port of the
 * caller's address and from another address, right after the answer (before the caller's first
 * packet, in the learning window) and again once the caller's source is locked. Every injected
 * packet is dropped and counted (the stream's stranger drops), none reaches the gateway, the relay
 * never sends the gateway's media to the injector (RTP Bleed); the caller's media flows both ways.
 * The same call with the default ({@code learned}) shows what the option prevents: the injector's
 * first packet is learned and forwarded, and the gateway's media goes to it.
 */
class MediaSourceInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CALLER = "127.0.1.100";
  private static final String GATEWAY = ProxyInterop.PRIVATE_GATEWAY_1;
  private static final long CALLER_SSRC = 0xA1;
  private static final long INJECTED_SSRC = 0xBAD;
  private static final long GATEWAY_SSRC = 0xB2;

  private final List<AutoCloseable> open = new ArrayList<>();
  private Product product;
  private TestUserAgent gw;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    if (product != null) {
      product.close();
    }
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  private void start(String name, String acceptMediaFrom) throws Exception {
    Path dir = ProxyInterop.freshDir(name);
    String yaml =
        """
        networks:
          public:
            sip: [{address: 127.0.1.1, port: %1$d, transports: [udp]}]
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
            accept-media-from: %2$s
          private:
            sip: [{address: 127.0.2.1, port: %1$d, transports: [udp]}]
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
        dispatcher:
          sets:
            1: [sip:127.0.1.11:%3$d]
            2: [sip:%4$s:%3$d]
        relay:
          control: in-process
          listen-ng: 127.0.0.1:%5$d
          port-min: %6$d
          port-max: %7$d
          delete-delay: 0s
        logging:
          level: warn
        """
            .formatted(
                ProxyInterop.PROXY_SIP,
                acceptMediaFrom,
                ProxyInterop.GATEWAY_SIP,
                GATEWAY,
                ProxyInterop.ISTHMUS_NG,
                ProxyInterop.ISTHMUS_PORT_MIN,
                ProxyInterop.ISTHMUS_PORT_MAX);
    Path file = dir.resolve("isthmus.yaml");
    Files.writeString(file, yaml);
    var config =
        switch (ConfigLoader.load(file)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
        };
    assertThat(config.networks().getFirst().security().mediaFromSdpOnly())
        .isEqualTo(acceptMediaFrom.equals("sdp"));
    gw = keep(TestUserAgent.bind("gw", GATEWAY, ProxyInterop.GATEWAY_SIP));
    gw.script(
        TestUserAgent.Script.answer(
            sdp(GATEWAY, ProxyInterop.GATEWAY_MEDIA, ProxyInterop.GATEWAY_MEDIA + 2)));
    product = Product.start(config, Product.Roles.PROXY_AND_RELAY, file);
    Poll.untilTrue(
        WAIT,
        () -> "a 200 to the probes of " + GATEWAY,
        () ->
            product.dispatcher().status().stream()
                .anyMatch(
                    s -> s.gateway().uri().host().equals(GATEWAY) && s.lastProbeStatus() == 200));
  }

  /** The two parties of one call, its relay ports and the injectors, set up by {@link #call}. */
  private record Call(
      String callId,
      String callerTag,
      RtpEndpoint caller,
      RtpEndpoint gateway,
      RtpEndpoint samePortElsewhere,
      RtpEndpoint otherAddress,
      InetSocketAddress relayForCaller,
      InetSocketAddress relayForGateway) {}

  private Call call(String callId) {
    TestUserAgent ua = keep(TestUserAgent.bind("caller", CALLER, ProxyInterop.CALLER_SIP));
    RtpEndpoint callerRtp = keep(RtpEndpoint.bind(CALLER, ProxyInterop.CALLER_RTP));
    RtpEndpoint gatewayRtp = keep(RtpEndpoint.bind(GATEWAY, ProxyInterop.GATEWAY_MEDIA));
    RtpEndpoint samePort = keep(RtpEndpoint.bind(CALLER, ProxyInterop.CALLER_RTP + 100));
    RtpEndpoint otherAddress = keep(RtpEndpoint.bind("127.0.1.66", ProxyInterop.CALLER_RTP));
    var proxy = new InetSocketAddress("127.0.1.1", ProxyInterop.PROXY_SIP);
    String target = "bob@127.0.1.1:" + ProxyInterop.PROXY_SIP;
    String tag = "caller-" + callId;
    ua.send(
        "INVITE sip:"
            + target
            + " SIP/2.0\nVia: SIP/2.0/UDP "
            + ua.hostPort()
            + ";branch=z9hG4bK-"
            + callId
            + ";rport\nMax-Forwards: 70\nFrom: <sip:alice@"
            + ua.hostPort()
            + ">;tag="
            + tag
            + "\nTo: <sip:"
            + target
            + ">\nCall-ID: "
            + callId
            + "\nCSeq: 1 INVITE\nContact: <sip:alice@"
            + ua.hostPort()
            + ">\nContent-Type: application/sdp\nContent-Length: ?\n\n"
            + sdp(CALLER, ProxyInterop.CALLER_RTP, ProxyInterop.CALLER_VIDEO),
        proxy);
    SipResponse ok = ua.awaitResponse(callId, "INVITE", 200, WAIT);
    assertThat(ok)
        .as(() -> "a 200: caller got " + ua.received() + ", gateway " + gw.received())
        .isNotNull();
    ua.send(ua.inDialog("ACK", ok, 1, null), proxy);
    SipRequest atGateway = gw.awaitRequest(callId, "INVITE", WAIT);
    return new Call(
        callId,
        tag,
        callerRtp,
        gatewayRtp,
        samePort,
        otherAddress,
        audio(new String(ok.bodyBytes(), StandardCharsets.US_ASCII)),
        audio(new String(atGateway.bodyBytes(), StandardCharsets.US_ASCII)));
  }

  private static String sdp(String ip, int audio, int video) {
    return "v=0\r\no=party 1 1 IN IP4 "
        + ip
        + "\r\ns=-\r\nc=IN IP4 "
        + ip
        + "\r\nt=0 0\r\nm=audio "
        + audio
        + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\nm=video "
        + video
        + " RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";
  }

  /** The c= address and the m=audio port of an SDP. */
  private static InetSocketAddress audio(String sdp) {
    String host = null;
    int port = -1;
    for (String line : sdp.split("\r\n")) {
      if (line.startsWith("c=IN IP4 ") && host == null) {
        host = line.substring(9).strip();
      } else if (line.startsWith("m=audio ")) {
        port = Integer.parseInt(line.split(" ")[1]);
      }
    }
    return new InetSocketAddress(host, port);
  }

  private static void send(RtpEndpoint from, long ssrc, int first, int n, InetSocketAddress to) {
    for (int seq = first; seq < first + n; seq++) {
      from.send(RtpEndpoint.rtp(0, seq, seq * 160L, ssrc, 160, 0xff), to);
    }
  }

  private static long ssrc(RtpEndpoint.Received r) {
    byte[] d = r.data();
    return ((d[8] & 0xffL) << 24)
        | ((d[9] & 0xffL) << 16)
        | ((d[10] & 0xffL) << 8)
        | (d[11] & 0xff);
  }

  private static long received(RtpEndpoint at, long ssrc) {
    return at.received().stream().filter(r -> ssrc(r) == ssrc).count();
  }

  /** The caller's audio RTP stream in the relay. */
  private MediaStats callerAudio(Call c) throws Exception {
    CallStats stats =
        product.relay().relay().query(c.callId()).get(5, TimeUnit.SECONDS).orElseThrow();
    MonologueStats caller =
        stats.monologues().stream()
            .filter(m -> m.tag().equals(c.callerTag()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no monologue " + c.callerTag() + " " + stats));
    return caller.medias().getFirst();
  }

  @Test
  void withSdpOnlyInjectedRtpIsDroppedAndCountedDuringLearningAndAfter() throws Exception {
    start("media-source-sdp", "sdp");
    Call c = call("media-sdp-1");
    assertThat(c.relayForCaller().getAddress().getHostAddress()).isEqualTo("127.0.1.1");

    // the answer has just been signalled: the learning window runs, the caller has sent nothing
    send(c.samePortElsewhere(), INJECTED_SSRC, 1, 3, c.relayForCaller());
    send(c.otherAddress(), INJECTED_SSRC, 4, 3, c.relayForCaller());
    // the gateway's media: to the caller's SDP address, never to an injector (RTP Bleed)
    send(c.gateway(), GATEWAY_SSRC, 1, 5, c.relayForGateway());
    assertThat(c.caller().awaitCount(5, WAIT)).as("gateway -> caller").isTrue();
    send(c.caller(), CALLER_SSRC, 1, 5, c.relayForCaller());
    assertThat(c.gateway().awaitCount(5, WAIT)).as("caller -> gateway").isTrue();
    MediaStats learning = callerAudio(c);
    assertThat(learning.rtp().strangerDrops()).isEqualTo(6);
    assertThat(learning.rtp().packets()).isEqualTo(5);

    // once the window is over the caller's source is locked: still nothing from the injectors
    Poll.untilTrue(WAIT, () -> "the caller's source locked", () -> callerAudio(c).rtp().locked());
    send(c.samePortElsewhere(), INJECTED_SSRC, 7, 3, c.relayForCaller());
    send(c.otherAddress(), INJECTED_SSRC, 10, 3, c.relayForCaller());
    send(c.caller(), CALLER_SSRC, 6, 5, c.relayForCaller());
    assertThat(c.gateway().awaitCount(10, WAIT)).isTrue();
    send(c.gateway(), GATEWAY_SSRC, 6, 5, c.relayForGateway());
    assertThat(c.caller().awaitCount(10, WAIT)).isTrue();

    MediaStats locked = callerAudio(c);
    assertThat(locked.rtp().strangerDrops()).as("every injected packet counted").isEqualTo(12);
    assertThat(locked.rtp().packets()).isEqualTo(10);
    assertThat(locked.rtp().endpoint())
        .isEqualTo(new InetSocketAddress(CALLER, ProxyInterop.CALLER_RTP));
    assertThat(received(c.gateway(), INJECTED_SSRC)).as("injected, forwarded").isZero();
    assertThat(received(c.gateway(), CALLER_SSRC)).isEqualTo(10);
    assertThat(received(c.caller(), GATEWAY_SSRC)).isEqualTo(10);
    assertThat(c.samePortElsewhere().count() + c.otherAddress().count())
        .as("media sent to an injector")
        .isZero();
  }

  @Test
  void withTheDefaultTheInjectorIsLearnedWhileLearning() throws Exception {
    start("media-source-learned", "learned");
    Call c = call("media-learned-1");
    send(c.otherAddress(), INJECTED_SSRC, 1, 3, c.relayForCaller());
    assertThat(c.gateway().awaitCount(1, WAIT)).as("the injector's packet forwarded").isTrue();
    assertThat(received(c.gateway(), INJECTED_SSRC)).isPositive();
    send(c.gateway(), GATEWAY_SSRC, 1, 5, c.relayForGateway());
    assertThat(c.otherAddress().awaitCount(5, WAIT))
        .as("RTP Bleed: media to the injector")
        .isTrue();
    assertThat(received(c.caller(), GATEWAY_SSRC)).isZero();
  }
}
