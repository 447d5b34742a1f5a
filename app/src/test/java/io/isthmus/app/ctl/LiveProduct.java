package io.isthmus.app.ctl;

import io.isthmus.app.config.ConfigLoader;
import io.isthmus.app.config.ConfigResult;
import io.isthmus.app.config.IsthmusConfig;
import io.isthmus.app.wiring.Product;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.RtpEndpoint;
import io.isthmus.testkit.TestUserAgent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The whole product (proxy and in-process relay) on a test's own ports, from a config file in a
 * temp directory (so reload tests can rewrite it), with three gateways that answer OPTIONS and
 * INVITE: set 1 {@code 127.0.1.11}, set 2 {@code 127.0.2.11} and {@code 127.0.2.12}, all on {@link
 * Ports#gateway}. Probes go out every second, so a muted gateway is down within two.
 */
public final class LiveProduct implements AutoCloseable {
  /** Every bound wait of the tests. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  /** The ports of one test class; callers and RTP endpoints take ephemeral ports. */
  public record Ports(int sip, int gateway, int ng, int admin, int relayMin, int relayMax) {}

  public final Path dir;
  public final Path file;
  public final Product product;
  public final TestUserAgent gw1;
  public final TestUserAgent gw21;
  public final TestUserAgent gw22;
  public final String adminUrl;
  private final Ports ports;
  private final List<AutoCloseable> opened = new ArrayList<>();

  public LiveProduct(Ports ports) throws Exception {
    this.ports = ports;
    gw1 = open(TestUserAgent.bind("gw1", "127.0.1.11", ports.gateway()));
    gw21 = open(TestUserAgent.bind("gw21", "127.0.2.11", ports.gateway()));
    gw22 = open(TestUserAgent.bind("gw22", "127.0.2.12", ports.gateway()));
    dir = Files.createTempDirectory("isthmus-live");
    file = dir.resolve("isthmus.yaml");
    Files.writeString(file, config(ports));
    IsthmusConfig config =
        switch (ConfigLoader.load(file)) {
          case ConfigResult.Valid v -> v.config();
          case ConfigResult.Invalid i -> throw new AssertionError(i.errors().toString());
        };
    Product started;
    try {
      started = Product.start(config, Product.Roles.PROXY_AND_RELAY, file);
    } catch (Exception | Error e) {
      closeOpened();
      throw e;
    }
    product = started;
    adminUrl = "http://127.0.0.1:" + ports.admin() + "/";
  }

  /** The config the product runs: the reference scenario on {@code ports}. */
  public static String config(Ports p) {
    return """
        networks:
          public:
            sip:
              - address: 127.0.1.1
                port: %1$d
                transports: [udp]
            media: public/127.0.1.1
            sources: [127.0.1.0/24]
            gateway-set: 1
          private:
            sip:
              - address: 127.0.2.1
                port: %1$d
                transports: [udp]
            media: private/127.0.2.1
            sources: [127.0.2.0/24]
            gateway-set: 2
        dispatcher:
          sets:
            1: [sip:127.0.1.11:%2$d]
            2: [sip:127.0.2.11:%2$d, sip:127.0.2.12:%2$d]
          probing:
            interval: 2s
            # The product's prober runs on the real clock: an answering gateway whose reply is
            # late on a loaded machine must not turn inactive, so the timeout is far above any
            # loopback reply (and at most the interval, as the config requires); a muted gateway
            # is still down within interval + timeout = 4 s, inside the tests' 10 s deadline.
            timeout: 2s
        relay:
          listen-ng: 127.0.0.1:%3$d
          port-min: %5$d
          port-max: %6$d
          delete-delay: 0s
        admin:
          listen: 127.0.0.1:%4$d
        """
        .formatted(p.sip(), p.gateway(), p.ng(), p.admin(), p.relayMin(), p.relayMax());
  }

  /**
   * A call placed by {@link #placeCall}.
   *
   * @param callee the gateway that took it
   * @param callerRtp where the caller sends RTP from
   * @param calleeRtp where the callee sends RTP from
   * @param relayForCaller the relay's port the caller sends to (public side)
   * @param relayForCallee the relay's port the callee sends to (private side)
   */
  public record PlacedCall(
      String callId,
      TestUserAgent callee,
      InetSocketAddress callerRtp,
      InetSocketAddress calleeRtp,
      int relayForCaller,
      int relayForCallee) {}

  /**
   * An answered call from the public side (127.0.1.100) through the proxy to a private gateway,
   * left up, with {@code packets} RTP packets of 160 bytes of payload sent by each side through the
   * relay and received by the other. The caller's sockets have ephemeral ports, so a test may place
   * several calls.
   */
  public PlacedCall placeCall(String callId, int packets) throws Exception {
    TestUserAgent caller = open(TestUserAgent.bind("alice", "127.0.1.100", 0));
    RtpEndpoint callerRtp = open(RtpEndpoint.bind("127.0.1.100", 0));
    RtpEndpoint rtp21 = open(RtpEndpoint.bind("127.0.2.11", 0));
    RtpEndpoint rtp22 = open(RtpEndpoint.bind("127.0.2.12", 0));
    gw21.script(TestUserAgent.Script.answer(sdp("127.0.2.11", rtp21.port())));
    gw22.script(TestUserAgent.Script.answer(sdp("127.0.2.12", rtp22.port())));
    caller.send(
        invite(caller, callId, sdp("127.0.1.100", callerRtp.port())),
        new InetSocketAddress(InetAddress.ofLiteral("127.0.1.1"), ports.sip()));
    SipResponse ok = caller.awaitResponse(callId, "INVITE", 200, WAIT);
    if (ok == null) {
      throw new AssertionError("no 200 to INVITE " + callId + ": " + caller.received());
    }
    SipRequest ack = caller.inDialog("ACK", ok, 1, null);
    caller.send(ack, TestUserAgent.nextHop(ack));
    boolean first = gw21.awaitRequest(callId, "INVITE", Duration.ZERO) != null;
    TestUserAgent callee = first ? gw21 : gw22;
    RtpEndpoint calleeRtp = first ? rtp21 : rtp22;
    SipRequest atGateway = callee.awaitRequest(callId, "INVITE", WAIT);
    InetSocketAddress relayForCaller = audio(body(ok.bodyBytes()));
    InetSocketAddress relayForCallee = audio(body(atGateway.bodyBytes()));
    for (int seq = 1; seq <= packets; seq++) {
      callerRtp.send(RtpEndpoint.rtp(0, seq, seq * 160L, 0xA1, 160, 0x11), relayForCaller);
      calleeRtp.send(RtpEndpoint.rtp(0, seq, seq * 160L, 0xB2, 160, 0x22), relayForCallee);
    }
    if (!calleeRtp.awaitCount(packets, WAIT) || !callerRtp.awaitCount(packets, WAIT)) {
      throw new AssertionError("RTP did not pass the relay both ways");
    }
    return new PlacedCall(
        callId,
        callee,
        callerRtp.address(),
        calleeRtp.address(),
        relayForCaller.getPort(),
        relayForCallee.getPort());
  }

  private static String body(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** One audio m-line with PCMU. */
  static String sdp(String ip, int port) {
    return "v=0\r\no=- 1 1 IN IP4 "
        + ip
        + "\r\ns=-\r\nc=IN IP4 "
        + ip
        + "\r\nt=0 0\r\nm=audio "
        + port
        + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
  }

  /** The address of the (only) audio stream of {@code sdp}. */
  static InetSocketAddress audio(String sdp) {
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

  private static String invite(TestUserAgent from, String callId, String sdp) {
    // Branch and tag are tokens (RFC 3261 §25.1): a Call-ID's '@' may not appear in them.
    String token = callId.replaceAll("[^A-Za-z0-9.-]", "-");
    String target = "bob@127.0.1.1";
    return "INVITE sip:"
        + target
        + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP "
        + from.hostPort()
        + ";branch=z9hG4bK-"
        + token
        + ";rport\n"
        + "Max-Forwards: 70\n"
        + "From: <sip:alice@"
        + from.hostPort()
        + ">;tag=alice-"
        + token
        + "\n"
        + "To: <sip:"
        + target
        + ">\n"
        + "Call-ID: "
        + callId
        + "\n"
        + "CSeq: 1 INVITE\n"
        + "Contact: <sip:alice@"
        + from.hostPort()
        + ">\n"
        + "Content-Type: application/sdp\nContent-Length: ?\n\n"
        + sdp;
  }

  /** Polls {@code condition} every 20 ms until it holds or {@link #WAIT} passes. */
  public static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (condition.getAsBoolean()) {
        return true;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll period, not a wait
    }
    return condition.getAsBoolean();
  }

  private <T extends AutoCloseable> T open(T c) {
    opened.add(c);
    return c;
  }

  private void closeOpened() {
    for (AutoCloseable c : opened.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + c, e); // the agents throw nothing checked
      }
    }
    opened.clear();
  }

  @Override
  public void close() throws IOException {
    try {
      product.close();
    } finally {
      closeOpened();
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }
}
