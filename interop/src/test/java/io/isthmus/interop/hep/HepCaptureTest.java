package io.isthmus.interop.hep;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.wiring.Product;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.ExternalProcess;
import io.isthmus.testkit.RtpEndpoint;
import io.isthmus.testkit.TestUserAgent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * HEP capture as Homer receives it, decoded by tshark: Isthmus ({@code isthmus run}'s {@link
 * Product}) with {@code hep:} pointing at a UDP collector this test starts, one call from the
 * public side to a private gateway with RTP both ways, an RTCP receiver report from the caller and
 * a BYE; then the collector's datagrams, written as a pcap, are read by the Debian tshark with a
 * HEP3 dissector (the test's {@code hep3.lua}: Wireshark 4.0 has none) that hands each payload to
 * Wireshark's SIP and JSON dissectors. The fields checked are tshark's, not ours.
 */
class HepCaptureTest {
  private static final Path WORK =
      Path.of(System.getProperty("interop.workDir", "target/interop")).resolve("hep");
  private static final int SIP = 26060;
  private static final int GATEWAY = 26062;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int PACKETS = 20;
  private static final int TYPE_LOG = 100;
  private static final List<String> FIELDS =
      List.of(
          "hep3.proto_type",
          "hep3.ip_family",
          "hep3.ip_proto",
          "hep3.src_ip",
          "hep3.src_port",
          "hep3.dst_ip",
          "hep3.dst_port",
          "hep3.ts_sec",
          "hep3.ts_usec",
          "hep3.capture_id",
          "hep3.auth_key",
          "hep3.correlation_id",
          "sip.Method",
          "sip.Status-Code",
          "sip.CSeq.method",
          "sip.Call-ID",
          "json.member_with_value");

  @Test
  void everySipMessageOfACallAndItsRtcpReachTheCollectorAsHomerDecodesThem() throws Exception {
    ExternalProcess.requireBinary(Tshark.BINARY, "tshark");
    Files.createDirectories(WORK);
    String callId = "hep-" + System.nanoTime() + "@127.0.1.100";
    long start = micros(Instant.now());
    Call call;
    try (HepCollector collector = new HepCollector();
        TestUserAgent gw2 = TestUserAgent.bind("gw2", "127.0.2.11", GATEWAY);
        TestUserAgent caller = TestUserAgent.bind("caller", "127.0.1.100", 0);
        RtpEndpoint callerRtp = RtpEndpoint.bind("127.0.1.100", 0);
        RtpEndpoint callerRtcp = RtpEndpoint.bind("127.0.1.100", 0);
        RtpEndpoint gatewayRtp = RtpEndpoint.bind("127.0.2.11", 0)) {
      // set 1 (calls to the public side) is never used here: its gateway is not started
      try (Product product = start(collector.address())) {
        call = placeCall(callId, gw2, caller, callerRtp, callerRtcp, gatewayRtp);
        await(
            () -> count(collector, TYPE_LOG) == 2,
            "two stream summaries after the relay deleted the call");
        assertThat(product.hep().counters().queueFull()).isZero();
      }
      collector.writePcap(WORK.resolve("hep.pcap"));
      long end = micros(Instant.now());

      List<Map<String, String>> frames = Tshark.fields(WORK.resolve("hep.pcap"), WORK, FIELDS);
      assertThat(frames).hasSize(collector.received().size());
      for (Map<String, String> f : frames) {
        // every packet: IPv4/UDP, our capture id and password, a timestamp inside the test
        assertThat(f.get("hep3.ip_family")).isEqualTo("2");
        assertThat(f.get("hep3.ip_proto")).isEqualTo("17");
        assertThat(f.get("hep3.capture_id")).isEqualTo("2001");
        assertThat(f.get("hep3.auth_key")).isEqualTo("s3cret");
        assertThat(timestamp(f)).isBetween(start, end);
      }
      List<Map<String, String>> sip =
          frames.stream()
              .filter(f -> f.get("hep3.proto_type").equals("1"))
              .filter(f -> f.get("sip.Call-ID").equals(callId))
              .toList();
      for (Map<String, String> f : sip) {
        assertThat(f.get("hep3.correlation_id")).isEqualTo(callId);
      }
      String caller1 = "127.0.1.100:" + call.callerSip;
      String proxyPublic = "127.0.1.1:" + SIP;
      String proxyPrivate = "127.0.2.1:" + SIP;
      String gateway = "127.0.2.11:" + GATEWAY;
      // What the test's agents sent once each, captured once on arrival and once on leaving.
      assertThat(flows(sip, "INVITE", caller1, proxyPublic)).isEqualTo(1);
      assertThat(flows(sip, "INVITE", proxyPrivate, gateway)).isGreaterThanOrEqualTo(1);
      assertThat(flows(sip, "ACK", caller1, proxyPublic)).isEqualTo(1);
      assertThat(flows(sip, "ACK", proxyPrivate, gateway)).isEqualTo(1);
      assertThat(flows(sip, "BYE", caller1, proxyPublic)).isEqualTo(1);
      assertThat(flows(sip, "BYE", proxyPrivate, gateway)).isGreaterThanOrEqualTo(1);
      assertThat(responses(sip, "200", "INVITE", gateway, proxyPrivate)).isGreaterThanOrEqualTo(1);
      assertThat(responses(sip, "200", "INVITE", proxyPublic, caller1)).isGreaterThanOrEqualTo(1);
      assertThat(responses(sip, "200", "BYE", gateway, proxyPrivate)).isEqualTo(1);
      assertThat(responses(sip, "200", "BYE", proxyPublic, caller1)).isEqualTo(1);
      // The INVITE was captured as it arrived, before the proxy forwarded it.
      assertThat(timestamp(first(sip, "INVITE", caller1, proxyPublic)))
          .isLessThanOrEqualTo(timestamp(first(sip, "INVITE", proxyPrivate, gateway)));

      // The caller's receiver report: RTCP as JSON, from its RTCP socket to the relay's port.
      List<Map<String, String>> rtcp =
          frames.stream().filter(f -> f.get("hep3.proto_type").equals("5")).toList();
      assertThat(rtcp).hasSize(1);
      Map<String, String> report = rtcp.getFirst();
      assertThat(report.get("hep3.correlation_id")).isEqualTo(callId);
      assertThat(address(report, "src")).isEqualTo("127.0.1.100:" + call.callerRtcpPort);
      assertThat(address(report, "dst")).isEqualTo("127.0.1.1:" + (call.relayForCaller + 1));
      assertThat(members(report))
          .contains(
              "type:201",
              "ssrc:2596069104", // 0x9abcdef0
              "source_ssrc:178",
              "fraction_lost:64",
              "packets_lost:7",
              "highest_seq_no:" + PACKETS,
              "ia_jitter:33",
              "report_count:1");

      // One summary per party when the call ended: what each sent, on its own network.
      List<Map<String, String>> summaries =
          frames.stream().filter(f -> f.get("hep3.proto_type").equals("100")).toList();
      assertThat(summaries).hasSize(2);
      for (Map<String, String> s : summaries) {
        assertThat(s.get("hep3.correlation_id")).isEqualTo(callId);
        assertThat(members(s))
            .contains("event:stream-summary", "reason:deleted", "packets:" + PACKETS);
      }
      Map<String, String> publicSide =
          summaries.stream()
              .filter(s -> members(s).contains("interface:public"))
              .findFirst()
              .orElseThrow();
      assertThat(members(publicSide)).contains("fraction_lost:64", "rtcp_reports:1");
      assertThat(address(publicSide, "src")).isEqualTo("127.0.1.100:" + call.callerRtpPort);
    }
  }

  /** Ports and addresses of the call the test placed. */
  private record Call(int callerSip, int callerRtpPort, int callerRtcpPort, int relayForCaller) {}

  private static Product start(InetSocketAddress collector) throws Exception {
    Path file = WORK.resolve("isthmus.yaml");
    Files.writeString(file, config(collector));
    return switch (ConfigLoader.load(file)) {
      case ConfigResult.Valid v -> Product.start(v.config(), Product.Roles.PROXY_AND_RELAY);
      case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
    };
  }

  private static String config(InetSocketAddress collector) {
    return """
        networks:
          public:
            sip: [{address: 127.0.1.1, port: %1$d, transports: [udp]}]
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
          private:
            sip: [{address: 127.0.2.1, port: %1$d, transports: [udp]}]
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
        dispatcher:
          sets:
            1: [sip:127.0.1.11:%2$d]
            2: [sip:127.0.2.11:%2$d]
          probing: {interval: 30s, timeout: 5s}
        relay:
          listen-ng: 127.0.0.1:26222
          port-min: 26100
          port-max: 26299
          delete-delay: 0s
        admin:
          listen: 127.0.0.1:26080
        hep:
          collector: 127.0.0.1:%3$d
          capture-id: 2001
          password: s3cret
          networks: [public, private]
          sampling: 100%%
        """
        .formatted(SIP, GATEWAY, collector.getPort());
  }

  private static Call placeCall(
      String callId,
      TestUserAgent gateway,
      TestUserAgent caller,
      RtpEndpoint callerRtp,
      RtpEndpoint callerRtcp,
      RtpEndpoint gatewayRtp)
      throws Exception {
    gateway.script(TestUserAgent.Script.answer(sdp("127.0.2.11", gatewayRtp.port(), 0)));
    String offer = sdp("127.0.1.100", callerRtp.port(), callerRtcp.port());
    caller.send(
        invite(caller, callId, offer),
        new InetSocketAddress(InetAddress.ofLiteral("127.0.1.1"), SIP));
    SipResponse ok = caller.awaitResponse(callId, "INVITE", 200, WAIT);
    assertThat(ok).as(() -> "200 to the INVITE: " + caller.received()).isNotNull();
    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    caller.send(ack, TestUserAgent.nextHop(ack));
    SipRequest atGateway = gateway.awaitRequest(callId, "INVITE", WAIT);
    InetSocketAddress relayForCaller = audio(new String(ok.bodyBytes(), StandardCharsets.UTF_8));
    InetSocketAddress relayForGateway =
        audio(new String(atGateway.bodyBytes(), StandardCharsets.UTF_8));
    for (int seq = 1; seq <= PACKETS; seq++) {
      callerRtp.send(RtpEndpoint.rtp(0, seq, seq * 160L, 0xA1, 160, 0x11), relayForCaller);
      gatewayRtp.send(RtpEndpoint.rtp(0, seq, seq * 160L, 0xB2, 160, 0x22), relayForGateway);
    }
    assertThat(gatewayRtp.awaitCount(PACKETS, WAIT) && callerRtp.awaitCount(PACKETS, WAIT))
        .as("RTP through the relay both ways")
        .isTrue();
    InetSocketAddress relayRtcp =
        new InetSocketAddress(relayForCaller.getAddress(), relayForCaller.getPort() + 1);
    callerRtcp.send(receiverReport(), relayRtcp);
    assertThat(gatewayRtp.awaitCount(PACKETS, WAIT)).isTrue();
    SipRequest bye = caller.inDialog("BYE", ok, 2, null);
    caller.send(bye, TestUserAgent.nextHop(bye));
    assertThat(caller.awaitResponse(callId, "BYE", 200, WAIT)).isNotNull();
    return new Call(
        caller.address().getPort(), callerRtp.port(), callerRtcp.port(), relayForCaller.getPort());
  }

  /**
   * An RR with one block about the gateway's stream (SSRC 0xB2): fraction lost 64/256, 7 lost,
   * highest sequence {@link #PACKETS}, jitter 33, no LSR/DLSR.
   */
  private static byte[] receiverReport() {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32);
    b.put((byte) 0x81).put((byte) 201).putShort((short) 7); // V=2 P=0 RC=1 PT=RR length=7
    b.putInt(0x9abcdef0); // SSRC of the sender (the caller)
    b.putInt(0xB2); // SSRC_1: the gateway's stream
    b.putInt(64 << 24 | 7); // fraction lost 64, cumulative lost 7
    b.putInt(PACKETS); // extended highest sequence number
    b.putInt(33); // interarrival jitter
    b.putInt(0).putInt(0); // LSR, DLSR
    return b.array();
  }

  private static String sdp(String ip, int port, int rtcpPort) {
    return "v=0\r\no=- 1 1 IN IP4 "
        + ip
        + "\r\ns=-\r\nc=IN IP4 "
        + ip
        + "\r\nt=0 0\r\nm=audio "
        + port
        + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
        + (rtcpPort > 0 ? "a=rtcp:" + rtcpPort + "\r\n" : "")
        + "a=sendrecv\r\n";
  }

  private static String invite(TestUserAgent ua, String callId, String sdp) {
    return "INVITE sip:gateway@127.0.1.1:"
        + SIP
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP "
        + ua.hostPort()
        + ";branch=z9hG4bK-"
        + callId.hashCode()
        + "\r\nMax-Forwards: 70\r\nFrom: <sip:alice@127.0.1.100>;tag=alice1\r\n"
        + "To: <sip:gateway@127.0.1.1>\r\nCall-ID: "
        + callId
        + "\r\nCSeq: 1 INVITE\r\nContact: <sip:alice@"
        + ua.hostPort()
        + ">\r\nContent-Type: application/sdp\r\nContent-Length: "
        + sdp.length()
        + "\r\n\r\n"
        + sdp;
  }

  private static InetSocketAddress audio(String sdp) {
    String ip = null;
    int port = -1;
    for (String line : sdp.split("\r\n")) {
      if (line.startsWith("c=IN IP4 ")) {
        ip = line.substring(9).trim();
      } else if (line.startsWith("m=audio ")) {
        port = Integer.parseInt(line.split(" ")[1]);
      }
    }
    return new InetSocketAddress(InetAddress.ofLiteral(ip), port);
  }

  private static long count(HepCollector c, int type) {
    return c.received().stream().filter(d -> type(d.data()) == type).count();
  }

  /** The protocol type chunk (11) of a HEP3 packet, or -1. */
  private static int type(byte[] p) {
    int off = 6;
    while (off + 6 <= p.length) {
      int t = (p[off + 2] & 0xFF) << 8 | (p[off + 3] & 0xFF);
      int len = (p[off + 4] & 0xFF) << 8 | (p[off + 5] & 0xFF);
      if (len < 6) {
        return -1;
      }
      if (t == 11) {
        return p[off + 6] & 0xFF;
      }
      off += len;
    }
    return -1;
  }

  private static long flows(List<Map<String, String>> sip, String method, String src, String dst) {
    return sip.stream().filter(request(method, src, dst)).count();
  }

  private static Map<String, String> first(
      List<Map<String, String>> sip, String method, String src, String dst) {
    return sip.stream().filter(request(method, src, dst)).findFirst().orElseThrow();
  }

  private static Predicate<Map<String, String>> request(String method, String src, String dst) {
    return f ->
        f.get("sip.Method").equals(method)
            && f.get("sip.Status-Code").isEmpty()
            && address(f, "src").equals(src)
            && address(f, "dst").equals(dst);
  }

  private static long responses(
      List<Map<String, String>> sip, String status, String method, String src, String dst) {
    return sip.stream()
        .filter(f -> f.get("sip.Status-Code").equals(status))
        .filter(f -> f.get("sip.CSeq.method").equals(method))
        .filter(f -> address(f, "src").equals(src) && address(f, "dst").equals(dst))
        .count();
  }

  private static String address(Map<String, String> f, String side) {
    return f.get("hep3." + side + "_ip") + ":" + f.get("hep3." + side + "_port");
  }

  private static List<String> members(Map<String, String> f) {
    return List.of(f.get("json.member_with_value").split(","));
  }

  private static long timestamp(Map<String, String> f) {
    return Long.parseLong(f.get("hep3.ts_sec")) * 1_000_000 + Long.parseLong(f.get("hep3.ts_usec"));
  }

  private static long micros(Instant i) {
    return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
  }

  @FunctionalInterface
  private interface Check {
    boolean holds();
  }

  private static void await(Check check, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20); // a poll interval under a deadline
    }
  }
}
