package io.isthmus.testkit;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipParser;
import io.isthmus.sip.message.SipRequest;
import io.isthmus.sip.message.SipResponse;
import io.isthmus.sip.uri.SipUri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A SIP user agent over UDP for tests: sends requests from text templates, records everything it
 * receives, and answers by a {@link Script}: INVITEs with 100/180/200 and SDP, a failure status, or
 * nothing at all (a dead gateway); BYE, re-INVITE, OPTIONS and CANCEL as a well-behaved UA would.
 * Messages are parsed with the project's grammar; names are never resolved. Close it.
 */
public final class TestUserAgent implements AutoCloseable {

  /** How the agent answers an initial INVITE. */
  public record Script(int finalStatus, boolean ring, String answerSdp, boolean silent) {
    /** 100, 180, then 200 with {@code sdp} (null: no SDP, for a late offer the SDP must come). */
    public static Script answer(String sdp) {
      return new Script(200, true, sdp, false);
    }

    /** 100, 180 and then nothing: the call rings until cancelled. */
    public static Script ringForever() {
      return new Script(0, true, null, false);
    }

    /** 100 then {@code status} (486, 503, ...). */
    public static Script reject(int status) {
      return new Script(status, false, null, false);
    }

    /** Not a byte back: a gateway that is down. */
    public static Script noAnswer() {
      return new Script(0, false, null, true);
    }
  }

  private final DatagramSocket socket;
  private final Thread reader;
  private final String name;
  private final List<SipMessage> received = new ArrayList<>();
  private final AtomicInteger tags = new AtomicInteger();
  private volatile Script script = Script.answer(null);
  private volatile String reInviteSdp;
  private volatile boolean mute;
  private final List<SipRequest> pendingInvites = new ArrayList<>();

  private TestUserAgent(String name, DatagramSocket socket) {
    this.name = name;
    this.socket = socket;
    this.reader = Thread.ofPlatform().daemon().name("ua-" + name).start(this::read);
  }

  /** An agent named {@code name} (its To tags start with it) on {@code address}:{@code port}. */
  public static TestUserAgent bind(String name, String address, int port) {
    try {
      return new TestUserAgent(
          name, new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(address), port)));
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** {@code host:port} of this agent, for Via and Contact. */
  public String hostPort() {
    return address().getAddress().getHostAddress() + ":" + address().getPort();
  }

  /** How the agent answers INVITEs from now on. */
  public void script(Script s) {
    this.script = s;
  }

  /**
   * While muted the agent answers nothing at all, OPTIONS included (a host that is down); it still
   * records what arrives.
   */
  public void mute(boolean muted) {
    this.mute = muted;
  }

  /** The SDP the agent answers re-INVITEs with (null: the offer is echoed back). */
  public void reInviteSdp(String sdp) {
    this.reInviteSdp = sdp;
  }

  /** Parses text with LF line ends (turned into CRLF); Content-Length is filled in when "?". */
  public static SipMessage parse(String text) {
    String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
    int split = crlf.indexOf("\r\n\r\n");
    if (split >= 0 && crlf.contains("Content-Length: ?")) {
      int length = crlf.substring(split + 4).getBytes(StandardCharsets.UTF_8).length;
      crlf = crlf.replace("Content-Length: ?", "Content-Length: " + length);
    }
    byte[] b = crlf.getBytes(StandardCharsets.UTF_8);
    try {
      return SipParser.parseDatagram(b, 0, b.length);
    } catch (SipParseException e) {
      throw new IllegalArgumentException("template does not parse: " + e.getMessage(), e);
    }
  }

  /** Sends a message built from {@code template} ({@link #parse}). */
  public SipMessage send(String template, InetSocketAddress to) {
    SipMessage m = parse(template);
    send(m, to);
    return m;
  }

  /** Sends {@code message} to {@code to}. */
  public void send(SipMessage message, InetSocketAddress to) {
    byte[] b = message.toBytes();
    try {
      socket.send(new DatagramPacket(b, b.length, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything received so far, in order. */
  public List<SipMessage> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Waits for a received message matching {@code p}, at most {@code timeout}; null if none. */
  public SipMessage await(Predicate<SipMessage> p, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (true) {
        for (SipMessage m : received) {
          if (p.test(m)) {
            return m;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        try {
          received.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }

  /** The first response with {@code status} for {@code callId} and {@code method}, or null. */
  public SipResponse awaitResponse(String callId, String method, int status, Duration timeout) {
    return (SipResponse)
        await(
            m ->
                m instanceof SipResponse r
                    && r.status() == status
                    && callIdOf(r).equals(callId)
                    && cseqMethod(r).equals(method),
            timeout);
  }

  /** The first request of {@code method} for {@code callId}, or null. */
  public SipRequest awaitRequest(String callId, String method, Duration timeout) {
    return (SipRequest)
        await(
            m ->
                m instanceof SipRequest r
                    && r.method().name().equals(method)
                    && callIdOf(r).equals(callId),
            timeout);
  }

  /** How many requests of {@code method} arrived (retransmissions included). */
  public long count(String method) {
    return received().stream()
        .filter(m -> m instanceof SipRequest r && r.method().name().equals(method))
        .count();
  }

  private static String callIdOf(SipMessage m) {
    try {
      return m.callId();
    } catch (SipParseException e) {
      return "";
    }
  }

  private static String cseqMethod(SipMessage m) {
    try {
      return m.cseq().method();
    } catch (SipParseException e) {
      return "";
    }
  }

  /**
   * A response to {@code request} as a UAS sends it (RFC 3261 §8.2.6): Via, Record-Route, From,
   * Call-ID and CSeq copied, To with {@code toTag} unless it has one, a Contact, and SDP if given.
   */
  public SipResponse response(
      SipRequest request, int status, String reason, String toTag, String sdp) {
    StringBuilder sb =
        new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append('\n');
    for (String v : request.headerValues(HeaderName.VIA)) {
      sb.append("Via: ").append(v).append('\n');
    }
    if (status > 100 && status < 300) {
      for (String rr : request.headerValues(HeaderName.RECORD_ROUTE)) {
        sb.append("Record-Route: ").append(rr).append('\n');
      }
    }
    sb.append("From: ").append(request.headerValue(HeaderName.FROM).orElseThrow()).append('\n');
    String to = request.headerValue(HeaderName.TO).orElseThrow();
    sb.append("To: ")
        .append(to.contains(";tag=") || toTag == null ? to : to + ";tag=" + toTag)
        .append('\n');
    sb.append("Call-ID: ")
        .append(request.headerValue(HeaderName.CALL_ID).orElseThrow())
        .append('\n');
    sb.append("CSeq: ").append(request.headerValue(HeaderName.CSEQ).orElseThrow()).append('\n');
    sb.append("Contact: <sip:").append(name).append('@').append(hostPort()).append(">\n");
    if (sdp == null) {
      sb.append("Content-Length: 0\n\n");
    } else {
      sb.append("Content-Type: application/sdp\nContent-Length: ?\n\n").append(sdp);
    }
    return (SipResponse) parse(sb.toString());
  }

  /**
   * An in-dialog request of the UAC after {@code ok} (a 2xx to its INVITE): Request-URI = the
   * remote Contact, Route = the Record-Route set reversed (RFC 3261 §12.1.2), its tags.
   */
  public SipRequest inDialog(String method, SipResponse ok, int cseq, String sdp) {
    try {
      List<NameAddress> rr = ok.recordRoutes();
      StringBuilder sb = new StringBuilder(method).append(' ');
      sb.append(ok.contacts().addresses().getFirst().uri()).append(" SIP/2.0\n");
      sb.append("Via: SIP/2.0/UDP ")
          .append(hostPort())
          .append(";branch=z9hG4bK-")
          .append(name)
          .append('-')
          .append(method)
          .append(tags.incrementAndGet())
          .append('\n');
      for (int i = rr.size() - 1; i >= 0; i--) {
        sb.append("Route: ").append(rr.get(i)).append('\n');
      }
      sb.append("Max-Forwards: 70\n");
      sb.append("From: ").append(ok.headerValue(HeaderName.FROM).orElseThrow()).append('\n');
      sb.append("To: ").append(ok.headerValue(HeaderName.TO).orElseThrow()).append('\n');
      sb.append("Call-ID: ").append(ok.callId()).append('\n');
      int number = method.equals("ACK") ? ok.cseq().number() : cseq;
      sb.append("CSeq: ").append(number).append(' ').append(method).append('\n');
      sb.append("Contact: <sip:").append(name).append('@').append(hostPort()).append(">\n");
      if (sdp == null) {
        sb.append("Content-Length: 0\n\n");
      } else {
        sb.append("Content-Type: application/sdp\nContent-Length: ?\n\n").append(sdp);
      }
      return (SipRequest) parse(sb.toString());
    } catch (SipParseException e) {
      throw new IllegalArgumentException("2xx lacks what a dialog needs: " + e.getMessage(), e);
    }
  }

  /** The first Route's address (the next hop of an in-dialog request), else its Request-URI's. */
  public static InetSocketAddress nextHop(SipRequest request) {
    try {
      var routes = request.routes();
      SipUri uri = (SipUri) (routes.isEmpty() ? request.requestUri() : routes.getFirst().uri());
      return new InetSocketAddress(
          InetAddress.getByAddress(uri.hostAddress().address()),
          uri.port() > 0 ? uri.port() : 5060);
    } catch (SipParseException | IOException e) {
      throw new IllegalArgumentException(e);
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
      SipMessage m;
      try {
        m = SipParser.parseDatagram(java.util.Arrays.copyOf(buf, p.getLength()), 0, p.getLength());
      } catch (SipParseException e) {
        continue; // recorded nowhere: tests assert on what parses
      }
      synchronized (received) {
        received.add(m);
        received.notifyAll();
      }
      if (m instanceof SipRequest r && !mute) {
        react(r, (InetSocketAddress) p.getSocketAddress());
      }
    }
  }

  /** The scripted UAS side; responses go back to where the request came from. */
  private void react(SipRequest r, InetSocketAddress from) {
    Method method = r.method();
    String tag = name + "-tag";
    try {
      if (method.equals(Method.INVITE) && r.to().tag() == null) {
        Script s = script;
        if (s.silent()) {
          return;
        }
        send(response(r, 100, "Trying", null, null), from);
        if (s.ring()) {
          send(response(r, 180, "Ringing", tag, null), from);
        }
        if (s.finalStatus() >= 200) {
          String sdp = s.finalStatus() < 300 ? s.answerSdp() : null;
          send(
              response(r, s.finalStatus(), s.finalStatus() < 300 ? "OK" : "Failed", tag, sdp),
              from);
        } else {
          synchronized (pendingInvites) {
            pendingInvites.add(r);
          }
        }
      } else if (method.equals(Method.INVITE)) {
        String sdp =
            reInviteSdp != null ? reInviteSdp : new String(r.bodyBytes(), StandardCharsets.UTF_8);
        send(response(r, 200, "OK", null, sdp.isEmpty() ? null : sdp), from);
      } else if (method.equals(Method.CANCEL)) {
        send(response(r, 200, "OK", tag, null), from);
        synchronized (pendingInvites) {
          for (SipRequest invite : pendingInvites) {
            if (invite.callId().equals(r.callId())) {
              send(response(invite, 487, "Request Terminated", tag, null), from);
            }
          }
          pendingInvites.removeIf(i -> callIdOf(i).equals(callIdOf(r)));
        }
      } else if (!method.equals(Method.ACK)) {
        send(response(r, 200, "OK", r.to().tag() == null ? tag : null, null), from);
      }
    } catch (SipParseException | RuntimeException e) {
      // a test UA answers what it can; the test sees the request in received()
    }
  }

  @Override
  public void close() {
    socket.close();
    try {
      reader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
