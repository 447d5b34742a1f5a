package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.app.relay.RelayOptions;
import io.isthmus.app.relay.RelayRunner;
import io.isthmus.app.wiring.Product;
import io.isthmus.proxy.core.ProxyCall;
import io.isthmus.testkit.TestUserAgent;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The split deployment after a burst of malformed and unfinished calls: the Isthmus proxy alone
 * ({@link Product.Roles#PROXY}) drives the Isthmus relay as {@code isthmus relay} runs it ({@link
 * RelayRunner}, its own event loops and NG socket), with short relay timeouts. The burst: garbage
 * datagrams, INVITEs without a Call-ID, INVITEs with SDP the relay refuses, calls answered but
 * never acknowledged nor hung up, calls left ringing. Afterwards the proxy's calls and the relay's
 * sessions are the same set, and once the relay's timeouts have passed (its media timeout ends the
 * answered calls with a BYE to both parties, its offer timeout the ringing ones) both are empty.
 */
class BrokenCallsTest {
  private static final int SIP = 27385;
  private static final int GATEWAY = 27375;
  private static final int CALLER = 27386;
  private static final int ADMIN = 27391;
  private static final int NG = 27512;
  private static final Duration SETTLE = Duration.ofSeconds(20);
  private static final String SDP =
      "v=0\no=x 1 1 IN IP4 ADDR\ns=-\nc=IN IP4 ADDR\nt=0 0\nm=audio 27377 RTP/AVP 0\n";

  @Test
  void proxyCallsAndRelaySessionsStayOneSetAndEndWithTheRelaysTimeouts() throws Exception {
    Path dir = ProxyInterop.freshDir("broken-calls");
    RelayOptions options = new RelayOptions();
    new CommandLine(options)
        .parseArgs(
            "--interface=public/127.0.1.1",
            "--interface=private/127.0.2.1",
            "--listen-ng=127.0.0.1:" + NG,
            "--port-min=32000",
            "--port-max=32699",
            "--timeout=4",
            "--silent-timeout=4",
            "--offer-timeout=5",
            "--delete-delay=0");
    try (RelayRunner relay = RelayRunner.start(options.resolve());
        TestUserAgent answering = TestUserAgent.bind("gwa", "127.0.2.11", GATEWAY);
        TestUserAgent ringing = TestUserAgent.bind("gwr", "127.0.2.12", GATEWAY);
        TestUserAgent caller = TestUserAgent.bind("alice", "127.0.1.100", CALLER);
        Product product = Product.start(config(dir), Product.Roles.PROXY);
        DatagramSocket raw = new DatagramSocket(new InetSocketAddress("127.0.1.100", 0))) {
      assertThat(relay.ngAddress().getPort()).isEqualTo(NG);
      answering.script(TestUserAgent.Script.answer(SDP.replace("ADDR", "127.0.2.11")));
      ringing.script(TestUserAgent.Script.ringForever());
      caller.mute(true); // the caller never ACKs, never hangs up, never answers a BYE
      // (its requests leave from another socket; responses come to the caller's Via port)
      InetSocketAddress proxy = new InetSocketAddress("127.0.1.1", SIP);
      SplitDeployment.awaitProbes(product, SETTLE);

      int calls = 40;
      for (int i = 0; i < calls; i++) {
        byte[] junk = ("\u0001garbage " + i + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        raw.send(new DatagramPacket(junk, junk.length, proxy));
        send(raw, invite("nocid-" + i, SDP, false), proxy);
        send(raw, invite("badsdp-" + i, "v=0\nthis is not sdp\n", true), proxy);
        send(raw, invite("open-" + i, SDP, true), proxy); // answered or left ringing
      }
      // every unfinished call reached a gateway and was answered or rings there
      Poll.untilTrue(
          SETTLE,
          () -> "the open calls to reach the gateways",
          () -> answering.count("INVITE") + ringing.count("INVITE") >= calls);
      Poll.untilTrue(
          SETTLE,
          () ->
              "the proxy's calls "
                  + proxyCalls(product)
                  + " and the relay's sessions "
                  + sessions()
                  + " to be one set",
          () -> {
            Set<String> p = proxyCalls(product);
            return p.size() == calls && p.equals(sessions());
          });
      assertThat(proxyCalls(product)).allMatch(id -> id.startsWith("open-"));
      assertThat(answering.count("INVITE")).isPositive();
      assertThat(ringing.count("INVITE")).isPositive();

      // the relay's timeouts end them all; the proxy follows
      Poll.untilTrue(
          SETTLE,
          () -> "no call left: proxy " + proxyCalls(product) + ", relay " + sessions(),
          () -> proxyCalls(product).isEmpty() && sessions().isEmpty());
      assertThat(product.proxy().relayEndedCalls()).isEqualTo(calls);
      // the answered ones got a BYE to each party; the ringing ones a CANCEL to the gateway
      long answered = answering.count("INVITE");
      Poll.untilTrue(
          SETTLE,
          () -> "a BYE to each answered callee",
          () -> answering.count("BYE") >= answered && ringing.count("CANCEL") >= calls - answered);
      assertThat(
              caller.received().stream()
                  .filter(
                      m ->
                          m instanceof io.isthmus.sip.message.SipRequest r
                              && r.method().name().equals("BYE"))
                  .map(m -> callId(m))
                  .collect(Collectors.toSet()))
          .hasSize((int) answered);
    }
  }

  /** Sends {@code text} (LF line ends, Content-Length "?") as it is, parsed or not. */
  private static void send(DatagramSocket raw, String text, InetSocketAddress to)
      throws java.io.IOException {
    String crlf = text.replace("\n", "\r\n");
    int split = crlf.indexOf("\r\n\r\n");
    int length = crlf.substring(split + 4).getBytes(StandardCharsets.UTF_8).length;
    byte[] b =
        crlf.replace("Content-Length: ?", "Content-Length: " + length)
            .getBytes(StandardCharsets.UTF_8);
    raw.send(new DatagramPacket(b, b.length, to));
  }

  private static String callId(io.isthmus.sip.message.SipMessage m) {
    try {
      return m.callId();
    } catch (io.isthmus.sip.SipParseException e) {
      return "?";
    }
  }

  private static String invite(String callId, String sdp, boolean withCallId) {
    String body = sdp.replace("ADDR", "127.0.1.100");
    return "INVITE sip:bob@127.0.1.1:"
        + SIP
        + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.1.100:"
        + CALLER
        + ";branch=z9hG4bK-"
        + callId
        + "\n"
        + "Max-Forwards: 70\n"
        + "From: <sip:alice@127.0.1.100>;tag=a-"
        + callId
        + "\n"
        + "To: <sip:bob@127.0.1.1>\n"
        + (withCallId ? "Call-ID: " + callId + "\n" : "")
        + "CSeq: 1 INVITE\n"
        + "Contact: <sip:alice@127.0.1.100:"
        + CALLER
        + ">\n"
        + "Content-Type: application/sdp\n"
        + "Content-Length: ?\n\n"
        + body;
  }

  private static Set<String> proxyCalls(Product product) {
    return product.proxy().calls().stream()
        .map(ProxyCall::callId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> sessions() {
    return SplitDeployment.sessions(new InetSocketAddress("127.0.0.1", NG));
  }

  private static io.isthmus.app.config.IsthmusConfig config(Path dir) throws Exception {
    return SplitDeployment.config(dir, SIP, GATEWAY, ADMIN, NG, "1s", "500ms");
  }
}
