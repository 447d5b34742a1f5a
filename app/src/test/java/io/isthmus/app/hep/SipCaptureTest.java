package io.isthmus.app.hep;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.hep.HepSender;
import io.isthmus.hep.HepSettings;
import io.isthmus.hep.Sampling;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.Networks;
import io.isthmus.proxy.network.SocketSpec;
import io.isthmus.proxy.network.Subnet;
import io.isthmus.proxy.network.Transport;
import io.isthmus.proxy.transport.Flow;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.testkit.TestUserAgent;
import io.netty.buffer.Unpooled;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What {@link SipCapture} sends: the captured networks' messages of sampled calls, as they came.
 */
class SipCaptureTest {
  private static final SocketSpec PUBLIC_UDP = SocketSpec.of(Transport.UDP, "127.0.1.1", 5060);
  private static final SocketSpec PRIVATE_UDP = SocketSpec.of(Transport.UDP, "127.0.2.1", 5060);
  private static final Network PUBLIC =
      new Network(
          "public",
          List.of(PUBLIC_UDP),
          "public",
          List.of(Subnet.parse("127.0.1.0/24")),
          1,
          Optional.empty());
  private static final Network PRIVATE =
      new Network(
          "private",
          List.of(PRIVATE_UDP),
          "private",
          List.of(Subnet.parse("127.0.2.0/24")),
          2,
          Optional.empty());
  private static final InetSocketAddress PUBLIC_LOCAL = new InetSocketAddress("127.0.1.1", 5060);
  private static final InetSocketAddress PRIVATE_LOCAL = new InetSocketAddress("127.0.2.1", 5060);

  private static SipMessage options(String callId) {
    return TestUserAgent.parse(
        "OPTIONS sip:127.0.1.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.1.100:5070;branch=z9hG4bK1\r\n"
            + "From: <sip:a@x>;tag=1\r\nTo: <sip:b@y>\r\nCall-ID: "
            + callId
            + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
  }

  @Test
  void onlyTheSwitchedOnNetworksAndTheSampledCallsAreCaptured() throws Exception {
    Sampling half = Sampling.of(0.5);
    List<String> sampled = new ArrayList<>();
    List<String> notSampled = new ArrayList<>();
    for (int i = 0; sampled.size() < 3 || notSampled.size() < 3; i++) {
      String id = "call-" + i;
      (half.sampled(id) ? sampled : notSampled).add(id);
    }
    try (DatagramSocket collector = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        HepSender hep =
            HepSender.start(
                new HepSettings((InetSocketAddress) collector.getLocalSocketAddress(), 1, "", 64),
                () -> 0L)) {
      collector.setSoTimeout(300);
      SipCapture capture =
          new SipCapture(
              hep, half, Networks.of(List.of(PUBLIC, PRIVATE)), name -> name.equals("private"));
      InetSocketAddress phone = new InetSocketAddress("127.0.1.100", 5070);
      InetSocketAddress gateway = new InetSocketAddress("127.0.2.11", 5060);
      for (String id : List.of(sampled.get(0), notSampled.get(0))) {
        // public: switched off
        capture.received(
            options(id), new Flow(PUBLIC_UDP, PUBLIC, phone, null, null), PUBLIC_LOCAL);
        // private: on, in both directions
        capture.received(
            options(id), new Flow(PRIVATE_UDP, PRIVATE, gateway, null, null), PRIVATE_LOCAL);
        SipMessage m = options(id);
        capture.sent(m, Unpooled.wrappedBuffer(m.toBytes()), PRIVATE_UDP, PRIVATE_LOCAL, gateway);
      }

      List<String> got = new ArrayList<>();
      byte[] buf = new byte[65_535];
      while (true) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          collector.receive(p);
        } catch (SocketTimeoutException e) {
          break; // nothing more within 300 ms: everything captured arrived long before
        }
        String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
        got.add(direction(p.getData(), p.getLength()) + " " + callIdOf(text));
      }
      assertThat(got)
          .containsExactly(
              "127.0.2.11->127.0.2.1 " + sampled.get(0), "127.0.2.1->127.0.2.11 " + sampled.get(0));
      assertThat(hep.counters().sent()).isEqualTo(2);
    }
  }

  /** "src->dst" from the IPv4 chunks (3, 4). */
  private static String direction(byte[] p, int len) {
    String src = null;
    String dst = null;
    int off = 6;
    while (off + 6 <= len) {
      int type = (p[off + 2] & 0xFF) << 8 | (p[off + 3] & 0xFF);
      int clen = (p[off + 4] & 0xFF) << 8 | (p[off + 5] & 0xFF);
      if (type == 3 || type == 4) {
        String a =
            (p[off + 6] & 0xFF)
                + "."
                + (p[off + 7] & 0xFF)
                + "."
                + (p[off + 8] & 0xFF)
                + "."
                + (p[off + 9] & 0xFF);
        if (type == 3) {
          src = a;
        } else {
          dst = a;
        }
      }
      off += clen;
    }
    return src + "->" + dst;
  }

  private static String callIdOf(String text) {
    int at = text.indexOf("Call-ID: ");
    return text.substring(at + 9, text.indexOf('\r', at));
  }
}
