package io.isthmus.media.control;

import static io.isthmus.media.control.Ng.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.media.codec.G711;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.relay.CallListener;
import io.isthmus.media.relay.RelayConfig;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BList;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.net.NgClient;
import io.isthmus.ng.net.NgClientConfig;
import io.isthmus.ng.net.NgServer;
import io.isthmus.ng.net.NgServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay as Kamailio sees it: an NG server over UDP, the command handler, and real RTP/RTCP
 * between parties on the public (127.0.1.100) and private (127.0.2.100) networks.
 */
class EndToEndTest {
  static final LogicalInterface PUBLIC = LogicalInterface.parse("public/127.0.1.1");
  static final LogicalInterface PRIVATE = LogicalInterface.parse("private/127.0.2.1");
  static final Duration WAIT = Duration.ofSeconds(3);

  RelayCommandHandler handler;
  NgServer server;
  NgClient client;
  Peer aliceAudio, aliceAudioRtcp, aliceVideo, aliceVideoRtcp;
  Peer bobAudio, bobAudioRtcp, bobVideo, bobVideoRtcp;

  @BeforeEach
  void start() throws Exception {
    RelayConfig config =
        RelayConfig.defaults(List.of(PUBLIC, PRIVATE))
            .withPorts(45000, 45999)
            .withEventLoops(2, true);
    handler = RelayCommandHandler.start(config, ControlConfig.defaults(), CallListener.none());
    server =
        NgServer.start(
            NgServerConfig.defaults()
                .withBind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0)),
            handler);
    client = NgClient.start(NgClientConfig.of(server.localAddress()));
    aliceAudio = new Peer("127.0.1.100");
    aliceAudioRtcp = new Peer("127.0.1.100");
    aliceVideo = new Peer("127.0.1.100");
    aliceVideoRtcp = new Peer("127.0.1.100");
    bobAudio = new Peer("127.0.2.100");
    bobAudioRtcp = new Peer("127.0.2.100");
    bobVideo = new Peer("127.0.2.100");
    bobVideoRtcp = new Peer("127.0.2.100");
  }

  @AfterEach
  void stop() {
    for (Peer p :
        List.of(
            aliceAudio,
            aliceAudioRtcp,
            aliceVideo,
            aliceVideoRtcp,
            bobAudio,
            bobAudioRtcp,
            bobVideo,
            bobVideoRtcp)) {
      p.close();
    }
    client.close();
    server.close();
    handler.close();
    assertThat(handler.relay().portPool(PUBLIC).usedPairs()).isZero();
    assertThat(handler.relay().portPool(PRIVATE).usedPairs()).isZero();
  }

  NgResponse call(Ng request) throws Exception {
    return client.send(request.build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * The same request in process (as the proxy sends it). Used for replies above 2048 bytes: the ng
   * module's UDP server and client read datagrams into Netty's default 2048-byte buffers, so a
   * larger reply arrives truncated (reported to the ng owner).
   */
  NgResponse inProcess(Ng request) throws Exception {
    return handler
        .handle(io.isthmus.ng.NgRequest.of(request.build()))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  static String sdp(String ip, String name, Peer audio, Peer audioRtcp, Peer video, Peer vRtcp) {
    return crlf(
        "v=0\no="
            + name
            + " 1 1 IN IP4 "
            + ip
            + "\ns=-\nc=IN IP4 "
            + ip
            + "\nt=0 0\nm=audio "
            + audio.port()
            + " RTP/AVP 0\na=rtcp:"
            + audioRtcp.port()
            + "\nm=video "
            + video.port()
            + " RTP/AVP 96\na=rtpmap:96 H264/90000\na=rtcp:"
            + vRtcp.port()
            + "\n");
  }

  static String sdpOf(NgResponse r) {
    assertThat(r.result()).as("reply %s", r).isEqualTo("ok");
    return ((BString) r.body().get("sdp")).asString();
  }

  /** Sends {@code data} to the relay and checks it arrives unchanged from the advertised port. */
  static void relays(Peer from, String relayIp, int relayPort, Peer to, int advertised, byte[] data)
      throws Exception {
    from.send(data, relayIp, relayPort);
    Peer.Received got = to.receive(WAIT);
    assertThat(got.data()).isEqualTo(data);
    assertThat(got.source().getPort()).isEqualTo(advertised);
  }

  @Test
  void audioAndVideoFlowBothWaysWithRtcpAndAreCounted() throws Exception {
    String offer =
        sdpOf(
            call(
                Ng.offer(
                        "e2e-1",
                        "alice-tag",
                        sdp(
                            "127.0.1.100",
                            "alice",
                            aliceAudio,
                            aliceAudioRtcp,
                            aliceVideo,
                            aliceVideoRtcp))
                    .direction("public", "private")
                    .flags("trust-address")
                    .list("replace", "origin")));
    assertThat(offer).contains("c=IN IP4 127.0.2.1\r\n").contains("o=alice 1 1 IN IP4 127.0.2.1");
    int privAudio = ControlTestSupport.port(offer, 0);
    int privVideo = ControlTestSupport.port(offer, 1);
    String answer =
        sdpOf(
            call(
                Ng.answer(
                    "e2e-1",
                    "alice-tag",
                    "bob-tag",
                    sdp("127.0.2.100", "bob", bobAudio, bobAudioRtcp, bobVideo, bobVideoRtcp))));
    assertThat(answer).contains("c=IN IP4 127.0.1.1\r\n");
    int pubAudio = ControlTestSupport.port(answer, 0);
    int pubVideo = ControlTestSupport.port(answer, 1);

    byte[] a1 = Packets.rtp(0, 100, 8000, 0x11111111L, 160, 1);
    byte[] b1 = Packets.rtp(0, 200, 16000, 0x22222222L, 160, 2);
    byte[] v1 = Packets.rtp(96, 300, 90000, 0x33333333L, 900, 3);
    byte[] w1 = Packets.rtp(96, 400, 180000, 0x44444444L, 700, 4);
    relays(aliceAudio, "127.0.1.1", pubAudio, bobAudio, privAudio, a1);
    relays(bobAudio, "127.0.2.1", privAudio, aliceAudio, pubAudio, b1);
    relays(aliceVideo, "127.0.1.1", pubVideo, bobVideo, privVideo, v1);
    relays(bobVideo, "127.0.2.1", privVideo, aliceVideo, pubVideo, w1);
    byte[] rrAlice = Packets.receiverReport(0x11111111L, 0x22222222L, 64, 5, 40);
    byte[] rrBob = Packets.receiverReport(0x22222222L, 0x11111111L, 0, 0, 12);
    relays(aliceAudioRtcp, "127.0.1.1", pubAudio + 1, bobAudioRtcp, privAudio + 1, rrAlice);
    relays(bobAudioRtcp, "127.0.2.1", privAudio + 1, aliceAudioRtcp, pubAudio + 1, rrBob);
    relays(aliceVideoRtcp, "127.0.1.1", pubVideo + 1, bobVideoRtcp, privVideo + 1, rrAlice);
    relays(bobVideoRtcp, "127.0.2.1", privVideo + 1, aliceVideoRtcp, pubVideo + 1, rrBob);

    NgResponse q = inProcess(Ng.command("query").put("call-id", "e2e-1"));
    BDictView view = BDictView.of(q.body());
    assertThat(view.number("totals", "RTP", "packets")).isEqualTo(4);
    assertThat(view.number("totals", "RTP", "bytes")).isEqualTo(172 + 172 + 912 + 712);
    assertThat(view.number("totals", "RTCP", "packets")).isEqualTo(4);
    BDict aliceAudioMedia = media(q.body(), "alice-tag", 0);
    BDictView am = BDictView.of(aliceAudioMedia);
    assertThat(am.path("type")).isEqualTo("audio");
    assertThat(am.number("RTCP report", "fraction lost")).isEqualTo(64);
    assertThat(am.number("RTCP report", "packets lost")).isEqualTo(5);
    assertThat(am.number("RTCP report", "jitter")).isEqualTo(40);
    BDictView rtp = BDictView.of((BDict) ((BList) aliceAudioMedia.get("streams")).get(0));
    assertThat(rtp.number("local port")).isEqualTo(pubAudio);
    assertThat(rtp.number("stats", "packets")).isEqualTo(1);
    assertThat(rtp.number("stats", "bytes")).isEqualTo(172);
    assertThat(rtp.path("endpoint", "address")).isEqualTo("127.0.1.100");
    assertThat(rtp.number("endpoint", "port")).isEqualTo(aliceAudio.port());
    assertThat(BDictView.of(media(q.body(), "bob-tag", 1)).path("type")).isEqualTo("video");

    NgResponse d =
        inProcess(
            Ng.command("delete")
                .put("call-id", "e2e-1")
                .put("from-tag", "alice-tag")
                .put("delete-delay", 0));
    assertThat(BDictView.of(d.body()).number("totals", "RTP", "packets")).isEqualTo(4);
    assertThat(handler.relay().portPool(PUBLIC).usedPairs()).isZero();
    assertThat(handler.relay().portPool(PRIVATE).usedPairs()).isZero();
    assertThat(call(Ng.command("query").put("call-id", "e2e-1")).errorReason())
        .isEqualTo("Unknown call-id");
  }

  static BDict media(BDict reply, String tag, int index) {
    BDict t = (BDict) ((BDict) reply.get("tags")).get(tag);
    return (BDict) ((BList) t.get("medias")).get(index);
  }

  @Test
  void pcmuCallerTalksToPcmaCalleeThroughTheTranscoder() throws Exception {
    String offerSdp =
        crlf(
            "v=0\no=alice 1 1 IN IP4 127.0.1.100\ns=-\nc=IN IP4 127.0.1.100\nt=0 0\nm=audio "
                + aliceAudio.port()
                + " RTP/AVP 0\na=rtcp:"
                + aliceAudioRtcp.port()
                + "\n");
    String offer =
        sdpOf(
            call(
                Ng.offer("e2e-2", "a", offerSdp)
                    .direction("public", "private")
                    .flags("codec-transcode-PCMA")));
    assertThat(offer).contains(" RTP/AVP 0 8\r\n").contains("a=rtpmap:8 PCMA/8000\r\n");
    int priv = ControlTestSupport.port(offer, 0);
    String answerSdp =
        crlf(
            "v=0\no=bob 1 1 IN IP4 127.0.2.100\ns=-\nc=IN IP4 127.0.2.100\nt=0 0\nm=audio "
                + bobAudio.port()
                + " RTP/AVP 8\na=rtcp:"
                + bobAudioRtcp.port()
                + "\n");
    String answer = sdpOf(call(Ng.answer("e2e-2", "a", "b", answerSdp)));
    assertThat(answer).contains(" RTP/AVP 0\r\n");
    int pub = ControlTestSupport.port(answer, 0);

    byte[] ulaw = Packets.rtp(0, 7, 160, 0xAAAA0001L, 160, 9);
    aliceAudio.send(ulaw, "127.0.1.1", pub);
    Peer.Received atBob = bobAudio.receive(WAIT);
    assertThat(atBob.source().getPort()).isEqualTo(priv);
    assertThat(atBob.data()[1] & 0x7f).as("payload type PCMA").isEqualTo(8);
    assertThat(ssrc(atBob.data())).as("a new stream").isNotEqualTo(0xAAAA0001L);
    for (int i = 12; i < ulaw.length; i++) {
      assertThat(atBob.data()[i]).isEqualTo(G711.ulawToAlaw(ulaw[i] & 0xff));
    }

    byte[] alaw = Packets.rtp(8, 9, 320, 0xBBBB0001L, 160, 5);
    bobAudio.send(alaw, "127.0.2.1", priv);
    Peer.Received atAlice = aliceAudio.receive(WAIT);
    assertThat(atAlice.source().getPort()).isEqualTo(pub);
    assertThat(atAlice.data()[1] & 0x7f).as("payload type PCMU").isZero();
    for (int i = 12; i < alaw.length; i++) {
      assertThat(atAlice.data()[i]).isEqualTo(G711.alawToUlaw(alaw[i] & 0xff));
    }
    NgResponse q = call(Ng.command("query").put("call-id", "e2e-2")); // small enough for UDP
    assertThat(BDictView.of(q.body()).number("totals", "RTP", "packets")).isEqualTo(2);
    NgResponse d =
        call(
            Ng.command("delete")
                .put("call-id", "e2e-2")
                .put("from-tag", "a")
                .put("delete-delay", 0)
                .flags("fast"));
    assertThat(d.result()).isEqualTo("ok");
    assertThat(handler.callCount()).isZero();
  }

  static long ssrc(byte[] p) {
    return ((p[8] & 0xffL) << 24)
        | ((p[9] & 0xffL) << 16)
        | ((p[10] & 0xffL) << 8)
        | (p[11] & 0xff);
  }

  @Test
  void badRequestsGetRtpenginesErrorsOverUdp() throws Exception {
    assertThat(call(Ng.command("offer").put("call-id", "x").put("from-tag", "f")).errorReason())
        .isEqualTo("No SDP body in message");
    // The flags string is ignored (as by rtpengine); the SDP is what fails.
    assertThat(call(Ng.offer("x", "f", "v=0\r\n").put("flags", "not-a-list")).errorReason())
        .isEqualTo("Failed to parse SDP");
    NgResponse unknown =
        call(
            Ng.offer(
                    "x",
                    "f",
                    "v=0\r\no=- 1 1 IN IP4 127.0.1.100\r\ns=-\r\nc=IN IP4 127.0.1.100\r\nt=0 0\r\nm=audio 2000 RTP/AVP 0\r\n")
                .flags("no-such-flag"));
    assertThat(unknown.result()).isEqualTo("ok");
    assertThat(unknown.warning()).isEqualTo("Unknown flag encountered: 'no-such-flag'");
    assertThat(call(Ng.command("ping")).result()).isEqualTo("pong");
    call(Ng.command("delete").put("call-id", "x").put("delete-delay", 0));
  }
}
