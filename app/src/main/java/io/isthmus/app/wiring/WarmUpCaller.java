package io.isthmus.app.wiring;

import io.isthmus.common.time.Clock;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up's caller: a user agent client on loopback that keeps a fixed number of calls in
 * flight through the warm-up proxy, each the call sipp's docs/sipp/caller.xml places: INVITE with
 * audio and video SDP, 100/180/200, ACK through the Record-Route set, a few RTP packets on each
 * stream to the relay ports the answer names (echoed back by the {@link WarmUpGateway}), BYE/200.
 *
 * <p>One thread owns every call: it places them, reads the SIP and media sockets and checks the
 * deadlines. Other threads only read the counters and the finished {@link Round}s, and switch
 * placing off. A call is never retransmitted: on loopback nothing is lost, and a call that misses
 * its deadline counts as failed (the warm-up then cleans up what the proxy and relay still hold).
 *
 * <pre>
 * RTP packet sent (RFC 3550 §5.1), 12 + 20 bytes:
 *  0x80 | PT (0 audio, 96 video) | seq (2) | timestamp (4) | SSRC = the call's number (4) | payload
 * </pre>
 */
final class WarmUpCaller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarmUpCaller.class);

  /** RTP packets per stream and direction: enough to latch and forward, few enough to be cheap. */
  static final int RTP_PACKETS = 3;

  /** A call that is not over by then failed: generous, a cold JVM on a loaded host is slow. */
  static final long CALL_TIMEOUT_NANOS = 5_000_000_000L;

  /** How long the caller waits for the echoes before it hangs up anyway. */
  static final long MEDIA_WAIT_NANOS = 500_000_000L;

  private static final int RTP_HEADER = 12;
  private static final int RTP_PAYLOAD = 20;

  /** Setup times of consecutive finished calls, a round's worth. */
  record Round(int calls, int failed, long medianSetupNanos, long endNanos) {}

  private enum Phase {
    INVITING,
    MEDIA,
    BYE
  }

  private static final class CallState {
    final String callId;
    final int number;
    final long invitedAt;
    final long deadline;
    Phase phase = Phase.INVITING;
    long setupNanos;
    long mediaDeadline;
    byte[] ack;
    byte[] bye;
    int audioEchoes;
    int videoEchoes;

    CallState(String callId, int number, long now) {
      this.callId = callId;
      this.number = number;
      this.invitedAt = now;
      this.deadline = now + CALL_TIMEOUT_NANOS;
    }
  }

  private final DatagramChannel sip;
  private final DatagramChannel audio;
  private final DatagramChannel video;
  private final Selector selector;
  private volatile InetSocketAddress proxy;
  private final String callIdPrefix;
  private final int parallel;
  private final int roundSize;
  private final Clock clock;
  private final String local;
  private final String sdp;
  private final Map<String, CallState> calls = new HashMap<>();
  private final Map<Integer, CallState> byNumber = new HashMap<>();
  private final BlockingQueue<Round> rounds = new LinkedBlockingQueue<>();
  private final long[] roundSetups;
  private final List<String> failedCallIds = new ArrayList<>();
  private int roundCalls;
  private int roundFailed;
  private int next;
  private Thread thread;

  private volatile boolean placing = true;
  private volatile boolean closed;
  private volatile int inFlight;
  private volatile int placed;
  private volatile int completed;
  private volatile int failed;
  private volatile long echoesReceived;
  private volatile int mediaShort;

  private WarmUpCaller(
      InetAddress address, String callIdPrefix, int parallel, int roundSize, Clock clock)
      throws IOException {
    this.callIdPrefix = callIdPrefix;
    this.parallel = parallel;
    this.roundSize = roundSize;
    this.roundSetups = new long[roundSize];
    this.clock = clock;
    sip = WarmUpGateway.bind(address);
    audio = WarmUpGateway.bind(address);
    video = WarmUpGateway.bind(address);
    selector = Selector.open();
    sip.register(selector, SelectionKey.OP_READ);
    audio.register(selector, SelectionKey.OP_READ);
    video.register(selector, SelectionKey.OP_READ);
    local = address.getHostAddress() + ":" + WarmUpGateway.port(sip);
    sdp =
        WarmUpSip.sdp(
            "warmup-caller",
            (InetSocketAddress) audio.getLocalAddress(),
            WarmUpGateway.port(video));
  }

  /** Binds a caller on {@code address} (ephemeral ports); {@link #start} sets it calling. */
  static WarmUpCaller bind(
      InetAddress address, String callIdPrefix, int parallel, int roundSize, Clock clock)
      throws IOException {
    return new WarmUpCaller(address, callIdPrefix, parallel, roundSize, clock);
  }

  /** Starts placing calls through {@code proxy}, {@code parallel} at a time. */
  void start(InetSocketAddress proxy) {
    this.proxy = proxy;
    thread = Thread.ofPlatform().daemon().name("isthmus-warmup-caller").start(this::loop);
  }

  /** The SIP socket (the source the warm-up proxy's caller network admits). */
  InetSocketAddress sipAddress() {
    try {
      return (InetSocketAddress) sip.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next finished round, waiting at most {@code nanos}; null when none came. */
  Round nextRound(long nanos) throws InterruptedException {
    return rounds.poll(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** No new calls from now on; the calls in flight go on to their end. */
  void stopPlacing() {
    placing = false;
    selector.wakeup();
  }

  int inFlight() {
    return inFlight;
  }

  int placed() {
    return placed;
  }

  int completed() {
    return completed;
  }

  int failed() {
    return failed;
  }

  /** Calls whose echoes did not all come back before the caller hung up. */
  int mediaShort() {
    return mediaShort;
  }

  long echoesReceived() {
    return echoesReceived;
  }

  /** The Call-IDs of the calls that failed or timed out (read after {@link #close}). */
  List<String> failedCallIds() {
    return List.copyOf(failedCallIds);
  }

  private void loop() {
    ByteBuffer buf = ByteBuffer.allocate(65_535);
    while (!closed) {
      try {
        topUp();
        selector.select(10);
        for (SelectionKey key : selector.selectedKeys()) {
          DatagramChannel ch = (DatagramChannel) key.channel();
          while (ch.receive(buf.clear()) != null) {
            buf.flip();
            if (ch == sip) {
              onSip(buf);
            } else {
              onRtp(buf, ch == audio);
            }
          }
        }
        selector.selectedKeys().clear();
        checkDeadlines();
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.warn("warm-up caller: {}", e.toString());
        }
      }
    }
  }

  private void topUp() throws IOException {
    while (placing && calls.size() < parallel) {
      int n = next++;
      CallState c = new CallState(callIdPrefix + n, n, clock.nanos());
      calls.put(c.callId, c);
      byNumber.put(n, c);
      sip.send(ByteBuffer.wrap(invite(c)), proxy);
      placed++;
      inFlight = calls.size();
    }
  }

  private byte[] invite(CallState c) {
    String head =
        "INVITE sip:warmup@"
            + hostPort(proxy)
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP "
            + local
            + ";branch=z9hG4bK-wu-"
            + c.number
            + ";rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:warmup-caller@"
            + local
            + ">;tag=wu"
            + c.number
            + "\r\n"
            + "To: <sip:warmup@"
            + hostPort(proxy)
            + ">\r\n"
            + "Call-ID: "
            + c.callId
            + "\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:warmup-caller@"
            + local
            + ">\r\n"
            + "User-Agent: isthmus-warmup\r\n";
    return WarmUpSip.message(head, sdp);
  }

  private void onSip(ByteBuffer buf) throws IOException {
    SipMessage m = WarmUpSip.parse(buf.array(), buf.limit());
    if (!(m instanceof SipResponse r)) {
      return;
    }
    try {
      CallState c = calls.get(r.callId());
      if (c == null) {
        return;
      }
      String method = r.cseq().method();
      int status = r.status();
      if (method.equals("INVITE") && status >= 200 && status < 300) {
        onOk(c, r);
      } else if (method.equals("INVITE") && status >= 300) {
        // RFC 3261 §17.1.1.3: the ACK of a failure is hop by hop, on the INVITE's branch.
        sip.send(ByteBuffer.wrap(failureAck(c, r)), proxy);
        finish(c, false);
      } else if (method.equals("BYE") && status >= 200) {
        finish(c, status < 300);
      }
    } catch (SipParseException e) {
      LOG.debug("warm-up caller: unreadable response: {}", e.getMessage());
    }
  }

  private void onOk(CallState c, SipResponse ok) throws IOException, SipParseException {
    if (c.phase != Phase.INVITING) {
      sip.send(ByteBuffer.wrap(c.ack), proxy); // a retransmitted 200: ACK it again
      return;
    }
    long now = clock.nanos();
    c.setupNanos = now - c.invitedAt;
    c.ack = inDialog("ACK", ok, 1, c.number);
    c.bye = inDialog("BYE", ok, 2, c.number);
    sip.send(ByteBuffer.wrap(c.ack), proxy);
    c.phase = Phase.MEDIA;
    c.mediaDeadline = now + MEDIA_WAIT_NANOS;
    InetSocketAddress[] relay = WarmUpSip.media(ok.bodyBytes());
    if (relay == null) {
      hangUp(c);
      return;
    }
    for (int i = 0; i < RTP_PACKETS; i++) {
      audio.send(rtp(0, i, c.number), relay[0]);
      video.send(rtp(96, i, c.number), relay[1]);
    }
  }

  /**
   * ACK or BYE in the dialog of {@code ok}: Request-URI its Contact, Route its Record-Route set
   * reversed (RFC 3261 §12.1.2), sent to the proxy (the first Route is the proxy's socket).
   */
  private byte[] inDialog(String method, SipResponse ok, int cseq, int number)
      throws SipParseException {
    List<NameAddress> rr = ok.recordRoutes();
    StringBuilder sb = new StringBuilder(method).append(' ');
    sb.append(ok.contacts().addresses().getFirst().uri()).append(" SIP/2.0\r\n");
    sb.append("Via: SIP/2.0/UDP ").append(local).append(";branch=z9hG4bK-wu-");
    sb.append(number).append('-').append(method).append(";rport\r\n");
    for (int i = rr.size() - 1; i >= 0; i--) {
      sb.append("Route: ").append(rr.get(i)).append("\r\n");
    }
    sb.append("Max-Forwards: 70\r\n");
    sb.append("From: ").append(ok.headerValue(HeaderName.FROM).orElse("")).append("\r\n");
    sb.append("To: ").append(ok.headerValue(HeaderName.TO).orElse("")).append("\r\n");
    sb.append("Call-ID: ").append(ok.callId()).append("\r\n");
    sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
    return WarmUpSip.message(sb.toString(), null);
  }

  private byte[] failureAck(CallState c, SipResponse r) {
    String head =
        "ACK sip:warmup@"
            + hostPort(proxy)
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP "
            + local
            + ";branch=z9hG4bK-wu-"
            + c.number
            + ";rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: "
            + r.headerValue(HeaderName.FROM).orElse("")
            + "\r\nTo: "
            + r.headerValue(HeaderName.TO).orElse("")
            + "\r\nCall-ID: "
            + c.callId
            + "\r\nCSeq: 1 ACK\r\n";
    return WarmUpSip.message(head, null);
  }

  private static ByteBuffer rtp(int payloadType, int seq, int ssrc) {
    ByteBuffer b = ByteBuffer.allocate(RTP_HEADER + RTP_PAYLOAD);
    b.put((byte) 0x80).put((byte) payloadType).putShort((short) seq).putInt(seq * 160);
    b.putInt(ssrc);
    return b.position(0);
  }

  private void onRtp(ByteBuffer buf, boolean isAudio) throws IOException {
    if (buf.limit() < RTP_HEADER) {
      return;
    }
    echoesReceived++;
    CallState c = byNumber.get(buf.getInt(8));
    if (c == null || c.phase != Phase.MEDIA) {
      return;
    }
    if (isAudio) {
      c.audioEchoes++;
    } else {
      c.videoEchoes++;
    }
    if (c.audioEchoes >= RTP_PACKETS && c.videoEchoes >= RTP_PACKETS) {
      hangUp(c);
    }
  }

  private void hangUp(CallState c) throws IOException {
    c.phase = Phase.BYE;
    sip.send(ByteBuffer.wrap(c.bye), proxy);
  }

  private void checkDeadlines() throws IOException {
    long now = clock.nanos();
    for (Iterator<CallState> it = List.copyOf(calls.values()).iterator(); it.hasNext(); ) {
      CallState c = it.next();
      if (now - c.deadline > 0) {
        finish(c, false);
      } else if (c.phase == Phase.MEDIA && now - c.mediaDeadline > 0) {
        mediaShort++;
        hangUp(c);
      }
    }
  }

  private void finish(CallState c, boolean ok) {
    calls.remove(c.callId);
    byNumber.remove(c.number);
    inFlight = calls.size();
    if (ok) {
      completed++;
      roundSetups[roundCalls - roundFailed] = c.setupNanos;
    } else {
      failed++;
      roundFailed++;
      failedCallIds.add(c.callId);
    }
    roundCalls++;
    if (roundCalls == roundSize) {
      int good = roundCalls - roundFailed;
      long[] sorted = Arrays.copyOf(roundSetups, good);
      Arrays.sort(sorted);
      long median = good == 0 ? Long.MAX_VALUE : sorted[good / 2];
      rounds.add(new Round(roundCalls, roundFailed, median, clock.nanos()));
      roundCalls = 0;
      roundFailed = 0;
    }
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** Stops the thread and closes the sockets; calls still in flight are the caller's to clean. */
  @Override
  public void close() {
    closed = true;
    placing = false;
    selector.wakeup();
    if (thread != null) {
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (AutoCloseable ch : new AutoCloseable[] {selector, sip, audio, video}) {
      try {
        ch.close();
      } catch (Exception e) {
        LOG.debug("warm-up caller close: {}", e.toString());
      }
    }
  }

  /** The calls still in flight (after {@link #close}: those the cleanup must end). */
  List<String> callIdsInFlight() {
    return List.copyOf(calls.keySet());
  }
}
