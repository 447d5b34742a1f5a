package io.isthmus.interop.proxy;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipParser;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.testkit.TestUserAgent;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A caller that places calls at a fixed rate through the proxy and times each one: from the INVITE
 * to its final response, on {@link System#nanoTime()}. A 2xx is acknowledged and hung up at once
 * (ACK, BYE along the Record-Route set); a BYE from the proxy is answered 200. OPTIONS to the proxy
 * go out on the same socket beside the calls, timed the same way.
 */
final class TimedCaller implements AutoCloseable {
  /** One call: when its INVITE left, its final status and when that came (0 until then). */
  static final class Call {
    final String callId;
    final long sentNanos;
    volatile int status;
    volatile long finalNanos;

    Call(String callId, long sentNanos) {
      this.callId = callId;
      this.sentNanos = sentNanos;
    }

    boolean done() {
      return status != 0;
    }

    long waitNanos() {
      return finalNanos - sentNanos;
    }
  }

  private final DatagramSocket socket;
  private final String host;
  private final int port;
  private final InetSocketAddress proxy;
  private final String name;
  private final Thread reader;
  private final Map<String, Call> calls = new ConcurrentHashMap<>();
  private final List<Call> order = new ArrayList<>();
  private final Map<String, Call> options = new ConcurrentHashMap<>();
  private final List<Call> optionsOrder = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("timed-caller").unstarted(r));
  private int sequence;

  TimedCaller(String name, String host, int port, InetSocketAddress proxy) throws IOException {
    this.name = name;
    this.host = host;
    this.port = port;
    this.proxy = proxy;
    this.socket = new DatagramSocket(new InetSocketAddress(host, port));
    this.reader = Thread.ofPlatform().daemon().name("timed-caller-read").start(this::read);
  }

  /**
   * Starts placing a call every {@code periodMillis} and an OPTIONS every {@code optionsMillis}.
   */
  void start(long periodMillis, long optionsMillis) {
    timer.scheduleAtFixedRate(this::call, 0, periodMillis, TimeUnit.MILLISECONDS);
    timer.scheduleAtFixedRate(this::ping, 0, optionsMillis, TimeUnit.MILLISECONDS);
  }

  /** Stops placing calls (answers still arrive). */
  void stop() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The calls placed so far, in order. */
  synchronized List<Call> calls() {
    return List.copyOf(order);
  }

  /** The OPTIONS sent so far, in order. */
  synchronized List<Call> options() {
    return List.copyOf(optionsOrder);
  }

  private synchronized String next(String kind) {
    return name + "-" + kind + "-" + (++sequence);
  }

  private void call() {
    String callId = next("call");
    String sdp =
        "v=0\r\no=caller 1 1 IN IP4 "
            + host
            + "\r\ns=-\r\nc=IN IP4 "
            + host
            + "\r\nt=0 0\r\nm=audio "
            + (port + 10)
            + " RTP/AVP 0\r\n";
    String invite =
        "INVITE sip:bob@"
            + proxy.getHostString()
            + ":"
            + proxy.getPort()
            + " SIP/2.0\r\n"
            + via(callId)
            + "Max-Forwards: 70\r\n"
            + "From: <sip:alice@"
            + host
            + ">;tag="
            + callId
            + "\r\n"
            + "To: <sip:bob@"
            + proxy.getHostString()
            + ">\r\n"
            + "Call-ID: "
            + callId
            + "\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:alice@"
            + host
            + ":"
            + port
            + ">\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: "
            + sdp.length()
            + "\r\n\r\n"
            + sdp;
    Call c = new Call(callId, System.nanoTime());
    synchronized (this) {
      order.add(c);
    }
    calls.put(callId, c);
    send(invite, proxy);
  }

  private void ping() {
    String callId = next("options");
    String request =
        "OPTIONS sip:"
            + proxy.getHostString()
            + ":"
            + proxy.getPort()
            + " SIP/2.0\r\n"
            + via(callId)
            + "Max-Forwards: 70\r\n"
            + "From: <sip:probe@"
            + host
            + ">;tag="
            + callId
            + "\r\n"
            + "To: <sip:"
            + proxy.getHostString()
            + ">\r\n"
            + "Call-ID: "
            + callId
            + "\r\n"
            + "CSeq: 1 OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n";
    Call c = new Call(callId, System.nanoTime());
    synchronized (this) {
      optionsOrder.add(c);
    }
    options.put(callId, c);
    send(request, proxy);
  }

  private String via(String callId) {
    return "Via: SIP/2.0/UDP " + host + ":" + port + ";branch=z9hG4bK-" + callId + ";rport\r\n";
  }

  private void send(String text, InetSocketAddress to) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    try {
      socket.send(new DatagramPacket(b, b.length, to));
    } catch (IOException e) {
      // closed: the test is over
    }
  }

  private void read() {
    byte[] buf = new byte[65_535];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (IOException e) {
        return;
      }
      long now = System.nanoTime();
      try {
        SipMessage m = SipParser.parseDatagram(Arrays.copyOf(buf, p.getLength()), 0, p.getLength());
        if (m instanceof SipResponse r) {
          onResponse(r, now);
        } else if (m instanceof SipRequest r) {
          onRequest(r, (InetSocketAddress) p.getSocketAddress());
        }
      } catch (SipParseException | RuntimeException e) {
        // not ours to judge: the assertions count what completed
      }
    }
  }

  private void onResponse(SipResponse r, long now) throws SipParseException {
    int status = r.status();
    if (status < 200) {
      return;
    }
    String method = r.cseq().method();
    if (method.equals("OPTIONS")) {
      Call c = options.get(r.callId());
      if (c != null && !c.done()) {
        c.finalNanos = now;
        c.status = status;
      }
      return;
    }
    if (!method.equals("INVITE")) {
      return; // the BYE's answer
    }
    Call c = calls.get(r.callId());
    if (c == null) {
      return;
    }
    boolean first = !c.done();
    if (first) {
      c.finalNanos = now;
      c.status = status;
    }
    if (status < 300) {
      SipRequest ack = inDialog("ACK", r, 1);
      send(new String(ack.toBytes(), StandardCharsets.UTF_8), TestUserAgent.nextHop(ack));
      if (first) {
        SipRequest bye = inDialog("BYE", r, 2);
        send(new String(bye.toBytes(), StandardCharsets.UTF_8), TestUserAgent.nextHop(bye));
      }
    }
  }

  /** A request within the dialog of {@code ok} (RFC 3261 §12.2.1.1). */
  private SipRequest inDialog(String method, SipResponse ok, int cseq) throws SipParseException {
    var rr = ok.recordRoutes();
    StringBuilder sb = new StringBuilder(method).append(' ');
    sb.append(ok.contacts().addresses().getFirst().uri()).append(" SIP/2.0\r\n");
    sb.append(via(ok.callId() + "-" + method));
    for (int i = rr.size() - 1; i >= 0; i--) {
      sb.append("Route: ").append(rr.get(i)).append("\r\n");
    }
    sb.append("Max-Forwards: 70\r\n");
    sb.append("From: ").append(ok.headerValue(HeaderName.FROM).orElseThrow()).append("\r\n");
    sb.append("To: ").append(ok.headerValue(HeaderName.TO).orElseThrow()).append("\r\n");
    sb.append("Call-ID: ").append(ok.callId()).append("\r\n");
    sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
    sb.append("Content-Length: 0\r\n\r\n");
    byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
    return (SipRequest) SipParser.parseDatagram(b, 0, b.length);
  }

  /** A BYE from the proxy (it ended the call): 200, as any UA does. */
  private void onRequest(SipRequest r, InetSocketAddress from) throws SipParseException {
    if (r.method().name().equals("ACK")) {
      return;
    }
    StringBuilder sb = new StringBuilder("SIP/2.0 200 OK\r\n");
    for (String v : r.headerValues(HeaderName.VIA)) {
      sb.append("Via: ").append(v).append("\r\n");
    }
    sb.append("From: ").append(r.headerValue(HeaderName.FROM).orElseThrow()).append("\r\n");
    sb.append("To: ").append(r.headerValue(HeaderName.TO).orElseThrow()).append("\r\n");
    sb.append("Call-ID: ").append(r.callId()).append("\r\n");
    sb.append("CSeq: ").append(r.headerValue(HeaderName.CSEQ).orElseThrow()).append("\r\n");
    sb.append("Content-Length: 0\r\n\r\n");
    send(sb.toString(), from);
  }

  @Override
  public void close() {
    stop();
    socket.close();
    try {
      reader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static InetSocketAddress address(String host, int port) throws IOException {
    return new InetSocketAddress(InetAddress.getByName(host), port);
  }
}
