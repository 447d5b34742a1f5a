package io.isthmus.interop.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.TestUserAgent;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audio+video calls of the HA tests and their RTP both ways (the fixture {@link
 * RelayTakeoverTest} and {@link RunHaTest} share): a caller at {@code 127.0.1.100} whose audio and
 * video sockets (what its SDP names, every call the same) send to the relay's public ports of each
 * call, and each gateway's sockets to the private ports of the calls it answered, audio every 20
 * ms, video every 40 ms. What arrives is told apart by the relay port it comes from; per stream the
 * largest gap inside a window ({@link #windowStart}, {@link #windowEnd}) is kept.
 */
final class HaMedia implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HaMedia.class);

  static final String CALLER_IP = "127.0.1.100";

  final int callerSip;
  final int callerAudio;
  final int callerVideo;
  final DatagramSocket[] caller = new DatagramSocket[2];
  final DatagramSocket[][] gateway;
  // Calls may be added while the media runs (the sender and receivers read these): concurrent.
  final List<int[]> plan = new CopyOnWriteArrayList<>(); // per call: gw, pub a, pub v, priv a, v
  final Map<Integer, Stream> byPort = new ConcurrentHashMap<>(); // port*2 + (public ? 0 : 1)
  final List<Stream[]> streams = new CopyOnWriteArrayList<>();
  final List<SipResponse> answered = new ArrayList<>();
  final List<String> callIds = new ArrayList<>();
  volatile long windowStart;
  volatile long windowEnd;
  volatile boolean running = true;

  /**
   * The sockets: the caller's audio on {@code callerSip + 1}, video {@code + 3}; the gateways at
   * {@code gatewayIps} on {@code gatewayAudio} and {@code gatewayAudio + 2}.
   */
  HaMedia(int callerSip, List<String> gatewayIps, int gatewayAudio) throws SocketException {
    this.callerSip = callerSip;
    this.callerAudio = callerSip + 1;
    this.callerVideo = callerSip + 3;
    caller[0] = socket(CALLER_IP, callerAudio);
    caller[1] = socket(CALLER_IP, callerVideo);
    gateway = new DatagramSocket[gatewayIps.size()][2];
    for (int g = 0; g < gatewayIps.size(); g++) {
      gateway[g][0] = socket(gatewayIps.get(g), gatewayAudio);
      gateway[g][1] = socket(gatewayIps.get(g), gatewayAudio + 2);
    }
  }

  /** One direction of one m-line of one call, as its receiver sees it. */
  static final class Stream {
    final String name;
    volatile long last;
    volatile long maxGap;
    volatile long count;

    Stream(String name) {
      this.name = name;
    }

    /** On the receiving thread of its socket only. */
    void arrived(long now, long windowStart, long windowEnd) {
      if (windowStart != 0 && now - windowStart >= 0 && (windowEnd == 0 || now - windowEnd < 0)) {
        long gap = now - Math.max(last, windowStart);
        if (gap > maxGap) {
          maxGap = gap;
        }
      }
      last = now;
      count++;
    }
  }

  /**
   * Places {@code n} calls ({@code PREFIX-i}) from {@code ua} (the caller's SIP socket) through
   * {@code proxy} one after another, acknowledges each 200 and adds its media; the gateway that
   * answered is found among {@code gateways} by the INVITE it got.
   */
  void place(
      TestUserAgent ua, TestUserAgent[] gateways, InetSocketAddress proxy, String prefix, int n)
      throws Exception {
    for (int i = 0; i < n; i++) {
      String callId = prefix + "-" + i;
      SipResponse ok = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (ok == null && System.nanoTime() - deadline < 0) {
        ua.send(invite(callId, proxy), proxy); // retransmitted as a UAC would (Timer A)
        ok = ua.awaitResponse(callId, "INVITE", 200, Duration.ofSeconds(2));
      }
      assertThat(ok).as("200 to " + callId + "; the caller got " + ua.received()).isNotNull();
      SipRequest ack = ua.inDialog("ACK", ok, 1, null);
      ua.send(ack, TestUserAgent.nextHop(ack));
      answered.add(ok);
      callIds.add(callId);
      int[] pub = ports(body(ok));
      int gw = -1;
      int[] priv = null;
      for (int g = 0; g < gateways.length && gw < 0; g++) {
        for (SipMessage m : gateways[g].received()) {
          if (m instanceof SipRequest r
              && r.method().name().equals("INVITE")
              && r.callId().equals(callId)) {
            gw = g;
            priv = ports(body(r));
          }
        }
      }
      assertThat(gw).as("the gateway that got " + callId).isNotNegative();
      add(gw, pub, priv);
    }
  }

  /**
   * Sends every call's BYE (CSeq 2), retransmitting each until answered 200 or {@code limit};
   * returns how many were answered 200.
   */
  int hangUp(TestUserAgent ua, Duration limit) throws Exception {
    List<SipRequest> byes = new ArrayList<>();
    for (SipResponse ok : answered) {
      SipRequest bye = ua.inDialog("BYE", ok, 2, null);
      byes.add(bye);
      ua.send(bye, TestUserAgent.nextHop(bye));
    }
    boolean[] done = new boolean[byes.size()];
    int ok = 0;
    long deadline = System.nanoTime() + limit.toNanos();
    while (ok < byes.size() && System.nanoTime() - deadline < 0) {
      for (int i = 0; i < byes.size(); i++) {
        if (!done[i] && ua.awaitResponse(callIds.get(i), "BYE", 200, Duration.ZERO) != null) {
          done[i] = true;
          ok++;
        }
      }
      if (ok < byes.size()) {
        Thread.sleep(500); // Timer E
        for (int i = 0; i < byes.size(); i++) {
          if (!done[i]) {
            ua.send(byes.get(i), TestUserAgent.nextHop(byes.get(i)));
          }
        }
      }
    }
    return ok;
  }

  void add(int gw, int[] pub, int[] priv) {
    plan.add(new int[] {gw, pub[0], pub[1], priv[0], priv[1]});
    Stream[] s = {
      new Stream("caller->gw audio"),
      new Stream("caller->gw video"),
      new Stream("gw->caller audio"),
      new Stream("gw->caller video")
    };
    byPort.put(priv[0] * 2 + 1, s[0]);
    byPort.put(priv[1] * 2 + 1, s[1]);
    byPort.put(pub[0] * 2, s[2]);
    byPort.put(pub[1] * 2, s[3]);
    streams.add(s);
  }

  Stream[] streams(int call) {
    return streams.get(call);
  }

  int calls() {
    return streams.size();
  }

  /** Per call, the largest gap of its four streams inside the window. */
  List<Long> gaps() {
    List<Long> gaps = new ArrayList<>();
    for (Stream[] call : streams) {
      long gap = 0;
      for (Stream s : call) {
        gap = Math.max(gap, s.maxGap);
      }
      gaps.add(gap);
    }
    return gaps;
  }

  /** Asserts that every stream of every call had a packet after {@code nanos}. */
  void assertFlowingAfter(long nanos, String what) {
    for (int c = 0; c < streams.size(); c++) {
      for (Stream s : streams.get(c)) {
        assertThat(s.last - nanos).as("call %d %s: media %s", c, s.name, what).isPositive();
      }
    }
  }

  void start() {
    for (DatagramSocket s : caller) {
      Thread.ofPlatform().daemon().start(() -> receive(s, 0));
    }
    for (DatagramSocket[] g : gateway) {
      for (DatagramSocket s : g) {
        Thread.ofPlatform().daemon().start(() -> receive(s, 1));
      }
    }
    Thread.ofPlatform().daemon().start(this::send);
  }

  private void receive(DatagramSocket s, int side) {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    while (running) {
      try {
        s.receive(p);
        Stream st = byPort.get(p.getPort() * 2 + side);
        if (st != null) {
          st.arrived(System.nanoTime(), windowStart, windowEnd);
        }
      } catch (IOException e) {
        // closed, or an ICMP error while the relay was away
      }
    }
  }

  private void send() {
    InetAddress pub = InetAddress.ofLiteral("127.0.1.1");
    InetAddress priv = InetAddress.ofLiteral("127.0.2.1");
    byte[] rtp = new byte[172];
    rtp[0] = (byte) 0x80;
    long next = System.nanoTime();
    for (int tick = 0; running; tick++) {
      rtp[2] = (byte) (tick >>> 8);
      rtp[3] = (byte) tick;
      for (int[] c : plan) {
        for (int m = 0; m < 2; m++) {
          if (m == 1 && tick % 2 == 1) {
            continue; // video every 40 ms
          }
          try {
            caller[m].send(new DatagramPacket(rtp, rtp.length, pub, c[1 + m]));
            gateway[c[0]][m].send(new DatagramPacket(rtp, rtp.length, priv, c[3 + m]));
          } catch (IOException e) {
            // the relay is away: ICMP port unreachable on the next send
          }
        }
      }
      next += Duration.ofMillis(20).toNanos();
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(Duration.ofNanos(wait));
        } catch (InterruptedException e) {
          return;
        }
      } else if (wait < -Duration.ofSeconds(1).toNanos()) {
        next = System.nanoTime(); // a stall: no burst to catch up
      }
    }
  }

  @Override
  public void close() {
    running = false;
    for (DatagramSocket s : caller) {
      s.close();
    }
    for (DatagramSocket[] g : gateway) {
      for (DatagramSocket s : g) {
        s.close();
      }
    }
  }

  private static DatagramSocket socket(String ip, int port) throws SocketException {
    return new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(ip), port));
  }

  // ---- SIP and SDP ----------------------------------------------------------------------------

  static String sdp(String ip, int audio, int video) {
    return "v=0\no=x 1 1 IN IP4 "
        + ip
        + "\ns=-\nc=IN IP4 "
        + ip
        + "\nt=0 0\nm=audio "
        + audio
        + " RTP/AVP 0\nm=video "
        + video
        + " RTP/AVP 96\na=rtpmap:96 H264/90000\n";
  }

  String invite(String callId, InetSocketAddress proxy) {
    String body = sdp(CALLER_IP, callerAudio, callerVideo);
    return "INVITE sip:bob@127.0.1.1:"
        + proxy.getPort()
        + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP "
        + CALLER_IP
        + ":"
        + callerSip
        + ";branch=z9hG4bK-"
        + callId
        + "\nMax-Forwards: 70\n"
        + "From: <sip:alice@"
        + CALLER_IP
        + ">;tag=t-"
        + callId
        + "\nTo: <sip:bob@127.0.1.1>\n"
        + "Call-ID: "
        + callId
        + "\nCSeq: 1 INVITE\n"
        + "Contact: <sip:alice@"
        + CALLER_IP
        + ":"
        + callerSip
        + ">\nContent-Type: application/sdp\nContent-Length: ?\n\n"
        + body;
  }

  static String body(SipMessage m) {
    return StandardCharsets.UTF_8.decode(m.body().duplicate()).toString();
  }

  /** The audio and video ports of an SDP body. */
  static int[] ports(String sdp) {
    Matcher a = Pattern.compile("m=audio (\\d+)").matcher(sdp);
    Matcher v = Pattern.compile("m=video (\\d+)").matcher(sdp);
    assertThat(a.find() && v.find()).as("audio and video in\n" + sdp).isTrue();
    return new int[] {Integer.parseInt(a.group(1)), Integer.parseInt(v.group(1))};
  }

  /** Logs (and prints) {@code PREFIX: NAME calls=N gap p50= p95= max=EXTRA}. */
  static void report(String prefix, String name, List<Long> gaps, String extra) {
    List<Long> s = gaps.stream().sorted().toList();
    String line =
        String.format(
            "%s: %s calls=%d gap p50=%.0fms p95=%.0fms max=%.0fms%s",
            prefix,
            name,
            s.size(),
            s.get(s.size() / 2) / 1e6,
            s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.95) - 1)) / 1e6,
            s.getLast() / 1e6,
            extra);
    LOG.warn(line);
    System.out.println(line);
  }
}
