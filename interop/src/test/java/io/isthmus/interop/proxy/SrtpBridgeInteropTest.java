package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.wiring.Product;
import io.isthmus.media.srtp.MasterKey;
import io.isthmus.media.srtp.SrtpContext;
import io.isthmus.media.srtp.SrtpSuite;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.RtpEndpoint;
import io.isthmus.testkit.RtpengineProcess;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code media-protocol} per network through {@code isthmus run}: the public network speaks SRTP
 * (RTP/SAVP, SDES keys), the private one plain RTP (RTP/AVP), as in the deployment Isthmus
 * replaces. A public SRTP caller calls a private RTP gateway: the gateway is offered RTP/AVP with
 * no key, the caller is answered RTP/SAVP with the relay's key for the suite it offered, and media
 * is checked both ways at the packet: the caller's SRTP reaches the gateway as the plain RTP the
 * caller encrypted, the gateway's plain RTP reaches the caller encrypted and authenticated with the
 * key of the answer. Then the other way (a private gateway calls a public SRTP party), and a public
 * caller offering plain RTP is refused with 488 before any relay sees it.
 *
 * <p>Each with the relay in process and with the proxy driving the Debian rtpengine over NG ({@code
 * transport-protocol} in its offers and answers): rtpengine's SRTP is an implementation independent
 * of the test's ({@link SrtpContext}, the relay's own).
 */
class SrtpBridgeInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CALLER = "127.0.1.100";
  private static final String GATEWAY = ProxyInterop.PRIVATE_GATEWAY_1;
  private static final String PARTY = ProxyInterop.PUBLIC_GATEWAY_1;
  private static final String SUITE = "AES_CM_128_HMAC_SHA1_80";
  private static final long CALLER_SSRC = 0x5a1;
  private static final long GATEWAY_SSRC = 0x6b2;
  private static final Pattern CRYPTO =
      Pattern.compile("a=crypto:(\\d+) (\\S+) inline:([A-Za-z0-9+/=]+)");

  private final List<AutoCloseable> open = new ArrayList<>();
  private Product product;
  private RtpengineProcess rtpengine;
  private TestUserAgent gw;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    if (product != null) {
      product.close();
    }
    if (rtpengine != null) {
      rtpengine.close();
    }
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  private void start(String relay) throws Exception {
    Path dir = ProxyInterop.freshDir("srtp-bridge-" + relay);
    String relaySection;
    if (relay.equals("rtpengine")) {
      rtpengine =
          RtpengineProcess.start(
              dir,
              "rtpengine-srtp",
              ProxyInterop.RTPENGINE_NG,
              ProxyInterop.RTPENGINE_PORT_MIN,
              ProxyInterop.RTPENGINE_PORT_MAX);
      relaySection =
          "  control: ng\n  nodes: [{address: 127.0.0.1:%d}]\n  reconcile-interval: 0s\n"
              .formatted(ProxyInterop.RTPENGINE_NG);
    } else {
      relaySection =
          "  control: in-process\n  listen-ng: 127.0.0.1:%d\n  port-min: %d\n  port-max: %d\n"
              .formatted(
                  ProxyInterop.ISTHMUS_NG,
                  ProxyInterop.ISTHMUS_PORT_MIN,
                  ProxyInterop.ISTHMUS_PORT_MAX);
    }
    String yaml =
        """
        networks:
          public:
            sip: [{address: 127.0.1.1, port: %1$d, transports: [udp]}]
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
            media-protocol: RTP/SAVP
          private:
            sip: [{address: 127.0.2.1, port: %1$d, transports: [udp]}]
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
            media-protocol: RTP/AVP
        dispatcher:
          sets:
            1: [sip:%4$s:%2$d]
            2: [sip:%3$s:%2$d]
        relay:
        %5$s  delete-delay: 0s
        logging:
          level: warn
        """
            .formatted(
                ProxyInterop.PROXY_SIP, ProxyInterop.GATEWAY_SIP, GATEWAY, PARTY, relaySection);
    Path file = dir.resolve("isthmus.yaml");
    Files.writeString(file, yaml);
    var config =
        switch (ConfigLoader.load(file)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> throw new AssertionError(i.errors() + "\n" + yaml);
        };
    gw = keep(TestUserAgent.bind("gw", GATEWAY, ProxyInterop.GATEWAY_SIP));
    product = Product.start(config, Product.Roles.PROXY_AND_RELAY, file);
    Poll.untilTrue(
        WAIT,
        () -> "a 200 to the probes of " + GATEWAY,
        () ->
            product.dispatcher().status().stream()
                .anyMatch(
                    s -> s.gateway().uri().host().equals(GATEWAY) && s.lastProbeStatus() == 200));
  }

  @ParameterizedTest(name = "relay {0}")
  @ValueSource(strings = {"in-process", "rtpengine"})
  void aPublicSrtpCallerTalksToAPrivateRtpGateway(String relay) throws Exception {
    start(relay);
    MasterKey callerKey = MasterKey.random(suite(), new java.security.SecureRandom());
    gw.script(TestUserAgent.Script.answer(sdp(GATEWAY, ProxyInterop.GATEWAY_MEDIA, "RTP/AVP", "")));
    TestUserAgent ua = keep(TestUserAgent.bind("caller", CALLER, ProxyInterop.CALLER_SIP));
    RtpEndpoint callerRtp = keep(RtpEndpoint.bind(CALLER, ProxyInterop.CALLER_RTP));
    RtpEndpoint gatewayRtp = keep(RtpEndpoint.bind(GATEWAY, ProxyInterop.GATEWAY_MEDIA));
    String callId = "srtp-out-" + relay;
    String offer =
        sdp(
            CALLER,
            ProxyInterop.CALLER_RTP,
            "RTP/SAVP",
            "a=crypto:1 " + SUITE + " inline:" + callerKey.inline() + "\r\n");
    ua.send(
        invite(ua, callId, "bob@127.0.1.1:" + ProxyInterop.PROXY_SIP, offer), proxy("127.0.1.1"));
    SipResponse ok = ua.awaitResponse(callId, "INVITE", 200, WAIT);
    assertThat(ok)
        .as(() -> "a 200: caller got " + ua.received() + ", gateway " + gw.received())
        .isNotNull();
    ua.send(ua.inDialog("ACK", ok, 1, null), proxy("127.0.1.1"));

    // The gateway is offered plain RTP, the caller answered SRTP with the relay's key.
    String atGateway =
        new String(gw.awaitRequest(callId, "INVITE", WAIT).bodyBytes(), StandardCharsets.US_ASCII);
    assertThat(atGateway).contains(" RTP/AVP 0\r\n").doesNotContain("a=crypto");
    String answer = new String(ok.bodyBytes(), StandardCharsets.US_ASCII);
    assertThat(answer).contains(" RTP/SAVP 0\r\n");
    List<String[]> crypto = crypto(answer);
    assertThat(crypto).as(answer).hasSize(1);
    assertThat(crypto.getFirst()[0]).isEqualTo("1");
    assertThat(crypto.getFirst()[1]).isEqualTo(SUITE);
    MasterKey relayKey = MasterKey.fromInline(suite(), crypto.getFirst()[2]);
    assertThat(relayKey.inline()).isNotEqualTo(callerKey.inline());

    InetSocketAddress relayForCaller = audio(answer);
    InetSocketAddress relayForGateway = audio(atGateway);
    assertThat(relayForCaller.getAddress().getHostAddress()).isEqualTo("127.0.1.1");
    assertThat(relayForGateway.getAddress().getHostAddress()).isEqualTo("127.0.2.1");
    mediaBothWays(
        callerRtp, callerKey, relayForCaller, gatewayRtp, relayKey, relayForGateway, relay);
    ua.send(ua.inDialog("BYE", ok, 2, null), proxy("127.0.1.1"));
    assertThat(ua.awaitResponse(callId, "BYE", 200, WAIT)).isNotNull();
  }

  @ParameterizedTest(name = "relay {0}")
  @ValueSource(strings = {"in-process", "rtpengine"})
  void aPrivateRtpGatewayCallsAPublicSrtpParty(String relay) throws Exception {
    // The public party (set 1's gateway) answers the relay's offer with its own key for the
    // AES_CM_128_HMAC_SHA1_80 line, by that line's tag.
    TestUserAgent party = keep(TestUserAgent.bind("party", PARTY, ProxyInterop.GATEWAY_SIP));
    party.script(TestUserAgent.Script.ringForever());
    start(relay);
    Poll.untilTrue(
        WAIT,
        () -> "a 200 to the probes of " + PARTY,
        () ->
            product.dispatcher().status().stream()
                .anyMatch(
                    s -> s.gateway().uri().host().equals(PARTY) && s.lastProbeStatus() == 200));
    MasterKey partyKey = MasterKey.random(suite(), new java.security.SecureRandom());
    RtpEndpoint partyRtp = keep(RtpEndpoint.bind(PARTY, ProxyInterop.CALLER_RTP));
    RtpEndpoint gatewayRtp = keep(RtpEndpoint.bind(GATEWAY, ProxyInterop.GATEWAY_MEDIA));
    TestUserAgent caller = keep(TestUserAgent.bind("gwcaller", GATEWAY, ProxyInterop.CALLER_SIP));
    String callId = "srtp-in-" + relay;
    String offer = sdp(GATEWAY, ProxyInterop.GATEWAY_MEDIA, "RTP/AVP", "");
    caller.send(
        invite(caller, callId, "alice@127.0.2.1:" + ProxyInterop.PROXY_SIP, offer),
        proxy("127.0.2.1"));

    SipRequest atParty = party.awaitRequest(callId, "INVITE", WAIT);
    assertThat(atParty).as(() -> "the INVITE at the party: " + caller.received()).isNotNull();
    String offered = new String(atParty.bodyBytes(), StandardCharsets.US_ASCII);
    assertThat(offered).contains(" RTP/SAVP 0");
    String[] line =
        crypto(offered).stream()
            .filter(c -> c[1].equals(SUITE))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + SUITE + " line in " + offered));
    MasterKey relayKey = MasterKey.fromInline(suite(), line[2]);
    String answerSdp =
        sdp(
            PARTY,
            ProxyInterop.CALLER_RTP,
            "RTP/SAVP",
            "a=crypto:" + line[0] + " " + SUITE + " inline:" + partyKey.inline() + "\r\n");
    party.send(party.response(atParty, 200, "OK", "party-tag", answerSdp), proxy("127.0.1.1"));

    SipResponse ok = caller.awaitResponse(callId, "INVITE", 200, WAIT);
    assertThat(ok)
        .as(() -> "a 200: gateway got " + caller.received() + ", party " + party.received())
        .isNotNull();
    caller.send(caller.inDialog("ACK", ok, 1, null), proxy("127.0.2.1"));
    String answer = new String(ok.bodyBytes(), StandardCharsets.US_ASCII);
    assertThat(answer).contains(" RTP/AVP 0\r\n").doesNotContain("a=crypto");
    mediaBothWays(partyRtp, partyKey, audio(offered), gatewayRtp, relayKey, audio(answer), relay);
  }

  @ParameterizedTest(name = "relay {0}")
  @ValueSource(strings = {"in-process", "rtpengine"})
  void aPublicCallerOfferingPlainRtpIsRefused(String relay) throws Exception {
    start(relay);
    TestUserAgent ua = keep(TestUserAgent.bind("caller", CALLER, ProxyInterop.CALLER_SIP));
    String callId = "srtp-plain-" + relay;
    ua.send(
        invite(
            ua,
            callId,
            "bob@127.0.1.1:" + ProxyInterop.PROXY_SIP,
            sdp(CALLER, ProxyInterop.CALLER_RTP, "RTP/AVP", "")),
        proxy("127.0.1.1"));
    assertThat(ua.awaitResponse(callId, "INVITE", 488, WAIT))
        .as(() -> "a 488: " + ua.received())
        .isNotNull();
    assertThat(gw.awaitRequest(callId, "INVITE", Duration.ofMillis(500))).isNull();
  }

  /**
   * The SRTP party sends 5 SRTP packets, which reach the RTP party as the plain packets it
   * encrypted; the RTP party sends 5 plain packets, which reach the SRTP party encrypted (payload
   * and length changed) and decrypt with {@code relayKey} to exactly what was sent.
   */
  private static void mediaBothWays(
      RtpEndpoint srtpParty,
      MasterKey srtpPartyKey,
      InetSocketAddress relayForSrtpParty,
      RtpEndpoint rtpParty,
      MasterKey relayKey,
      InetSocketAddress relayForRtpParty,
      String relay) {
    SrtpContext encrypt = SrtpContext.sender(srtpPartyKey);
    List<byte[]> sent = new ArrayList<>();
    for (int seq = 1; seq <= 5; seq++) {
      byte[] plain = RtpEndpoint.rtp(0, seq, seq * 160L, CALLER_SSRC, 160, 0x11 + seq);
      sent.add(plain);
      byte[] p = Arrays.copyOf(plain, plain.length + 16);
      int len = encrypt.protectRtp(p, 0, plain.length);
      assertThat(len).isEqualTo(plain.length + 10);
      srtpParty.send(Arrays.copyOf(p, len), relayForSrtpParty);
    }
    assertThat(rtpParty.awaitCount(5, WAIT)).as(relay + ": SRTP -> RTP, 5 packets").isTrue();
    List<byte[]> plainReceived = bySequence(rtpParty);
    for (int i = 0; i < 5; i++) {
      assertThat(plainReceived.get(i))
          .as(relay + ": decrypted by the relay, packet " + (i + 1))
          .isEqualTo(sent.get(i));
    }

    SrtpContext decrypt = SrtpContext.receiver(relayKey, 0);
    List<byte[]> plainSent = new ArrayList<>();
    for (int seq = 1; seq <= 5; seq++) {
      byte[] plain = RtpEndpoint.rtp(0, seq, seq * 160L, GATEWAY_SSRC, 160, 0x41 + seq);
      plainSent.add(plain);
      rtpParty.send(plain, relayForRtpParty);
    }
    assertThat(srtpParty.awaitCount(5, WAIT)).as(relay + ": RTP -> SRTP, 5 packets").isTrue();
    List<byte[]> srtpReceived = bySequence(srtpParty);
    for (int i = 0; i < 5; i++) {
      byte[] got = srtpReceived.get(i);
      assertThat(got.length).as("with the 10-byte tag").isEqualTo(plainSent.get(i).length + 10);
      assertThat(Arrays.copyOfRange(got, 12, 172))
          .as("the payload is encrypted")
          .isNotEqualTo(Arrays.copyOfRange(plainSent.get(i), 12, 172));
      byte[] p = got.clone();
      int len = decrypt.unprotectRtp(p, 0, p.length);
      assertThat(len).as(relay + ": authenticated with the answer's key").isEqualTo(172);
      assertThat(Arrays.copyOf(p, len)).isEqualTo(plainSent.get(i));
    }
  }

  /**
   * What {@code party} received, by RTP sequence number: the packets are sent back to back, and a
   * relay with several media threads (rtpengine) may hand two of them to the kernel out of order.
   */
  private static List<byte[]> bySequence(RtpEndpoint party) {
    List<byte[]> out = new ArrayList<>();
    party.received().forEach(r -> out.add(r.data()));
    out.sort(java.util.Comparator.comparingInt(d -> ((d[2] & 0xff) << 8) | (d[3] & 0xff)));
    return out;
  }

  private static SrtpSuite suite() {
    return SrtpSuite.byName(SUITE).orElseThrow();
  }

  private static InetSocketAddress proxy(String address) {
    return new InetSocketAddress(address, ProxyInterop.PROXY_SIP);
  }

  private static String invite(TestUserAgent ua, String callId, String target, String sdp) {
    return "INVITE sip:"
        + target
        + " SIP/2.0\nVia: SIP/2.0/UDP "
        + ua.hostPort()
        + ";branch=z9hG4bK-"
        + callId
        + ";rport\nMax-Forwards: 70\nFrom: <sip:caller@"
        + ua.hostPort()
        + ">;tag=tag-"
        + callId
        + "\nTo: <sip:"
        + target
        + ">\nCall-ID: "
        + callId
        + "\nCSeq: 1 INVITE\nContact: <sip:caller@"
        + ua.hostPort()
        + ">\nContent-Type: application/sdp\nContent-Length: ?\n\n"
        + sdp;
  }

  private static String sdp(String ip, int port, String proto, String crypto) {
    return "v=0\r\no=party 1 1 IN IP4 "
        + ip
        + "\r\ns=-\r\nc=IN IP4 "
        + ip
        + "\r\nt=0 0\r\nm=audio "
        + port
        + " "
        + proto
        + " 0\r\na=rtpmap:0 PCMU/8000\r\n"
        + crypto;
  }

  /** The a=crypto lines: [tag, suite, key]. */
  private static List<String[]> crypto(String sdp) {
    List<String[]> out = new ArrayList<>();
    Matcher m = CRYPTO.matcher(sdp);
    while (m.find()) {
      out.add(new String[] {m.group(1), m.group(2), m.group(3)});
    }
    return out;
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
}
