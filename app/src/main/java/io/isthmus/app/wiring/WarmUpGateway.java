package io.isthmus.app.wiring;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.HeaderName;
import io.isthmus.sip.message.Method;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up's gateway: a user agent server on loopback that answers every INVITE with 100, 180
 * and a 200 carrying an audio and video SDP, answers BYE with 200, and echoes every RTP packet back
 * to where it came from (the relay), as sipp's {@code -rtp_echo} does. One thread, one selector
 * over its SIP socket and its two media sockets; nothing is shared with other threads but the
 * counters.
 *
 * <p>A retransmitted INVITE (the warm-up proxy's Timer A, when a loaded machine delays our 100) is
 * answered with the 200 again; a BYE with 200 whether or not the call is known, as RFC 3261 §15.1.2
 * has a UAS do for a BYE it already answered.
 */
final class WarmUpGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarmUpGateway.class);

  private final DatagramChannel sip;
  private final DatagramChannel audio;
  private final DatagramChannel video;
  private final Selector selector;
  private final Thread thread;
  private final String sdp;
  private final String contact;

  /** Call-ID to the 200 sent for its INVITE, until its BYE: resent for a retransmitted INVITE. */
  private final Map<String, byte[]> answered = new HashMap<>();

  private volatile boolean closed;
  private volatile long invites;
  private volatile long echoed;

  private WarmUpGateway(InetAddress address) throws IOException {
    sip = bind(address);
    audio = bind(address);
    video = bind(address);
    selector = Selector.open();
    sip.register(selector, SelectionKey.OP_READ);
    audio.register(selector, SelectionKey.OP_READ);
    video.register(selector, SelectionKey.OP_READ);
    InetSocketAddress a = (InetSocketAddress) audio.getLocalAddress();
    sdp = WarmUpSip.sdp("warmup-gateway", a, port(video));
    InetSocketAddress s = sipAddress();
    contact = "Contact: <sip:warmup-gateway@" + s.getAddress().getHostAddress() + ":" + s.getPort();
    thread = Thread.ofPlatform().daemon().name("isthmus-warmup-gateway").start(this::loop);
  }

  /** Binds a gateway on {@code address} (ephemeral ports) and starts its thread. */
  static WarmUpGateway start(InetAddress address) throws IOException {
    return new WarmUpGateway(address);
  }

  static DatagramChannel bind(InetAddress address) throws IOException {
    DatagramChannel ch = DatagramChannel.open();
    try {
      ch.bind(new InetSocketAddress(address, 0));
      ch.configureBlocking(false);
      return ch;
    } catch (IOException e) {
      ch.close();
      throw e;
    }
  }

  static int port(DatagramChannel ch) throws IOException {
    return ((InetSocketAddress) ch.getLocalAddress()).getPort();
  }

  /** The SIP socket: the gateway the warm-up dispatcher knows. */
  InetSocketAddress sipAddress() {
    try {
      return (InetSocketAddress) sip.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** INVITEs received (retransmissions included). */
  long invites() {
    return invites;
  }

  /** RTP packets sent back. */
  long echoed() {
    return echoed;
  }

  private void loop() {
    ByteBuffer buf = ByteBuffer.allocate(65_535);
    while (!closed) {
      try {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          DatagramChannel ch = (DatagramChannel) key.channel();
          SocketAddress from;
          while ((from = ch.receive(buf.clear())) != null) {
            buf.flip();
            if (ch == sip) {
              onSip(buf, (InetSocketAddress) from);
            } else {
              ch.send(buf, from); // the echo, from the socket the SDP announced
              echoed++;
            }
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.warn("warm-up gateway: {}", e.toString());
        }
      }
    }
  }

  private void onSip(ByteBuffer buf, InetSocketAddress from) throws IOException {
    SipMessage m = WarmUpSip.parse(buf.array(), buf.limit());
    if (!(m instanceof SipRequest r)) {
      return;
    }
    try {
      String callId = r.callId();
      if (r.method().equals(Method.INVITE)) {
        invites++;
        byte[] ok = answered.get(callId);
        if (ok == null) {
          String tag = "gw" + Integer.toHexString(callId.hashCode());
          send(response(r, "100 Trying", null, false), from);
          send(response(r, "180 Ringing", tag, false), from);
          ok = response(r, "200 OK", tag, true);
          answered.put(callId, ok);
        }
        send(ok, from);
      } else if (r.method().equals(Method.BYE)) {
        answered.remove(callId);
        send(response(r, "200 OK", null, false), from);
      }
      // ACK: nothing to answer; the media is echoed as it comes.
    } catch (SipParseException e) {
      LOG.debug("warm-up gateway: unreadable request: {}", e.getMessage());
    }
  }

  /** RFC 3261 §8.2.6: Via, From, Call-ID, CSeq copied; Record-Route on 18x/2xx to INVITE. */
  private byte[] response(SipRequest r, String status, String toTag, boolean withSdp) {
    StringBuilder sb = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
    for (String v : r.headerValues(HeaderName.VIA)) {
      sb.append("Via: ").append(v).append("\r\n");
    }
    if (toTag != null) {
      for (String rr : r.headerValues(HeaderName.RECORD_ROUTE)) {
        sb.append("Record-Route: ").append(rr).append("\r\n");
      }
    }
    sb.append("From: ").append(r.headerValue(HeaderName.FROM).orElse("")).append("\r\n");
    String to = r.headerValue(HeaderName.TO).orElse("");
    sb.append("To: ").append(to);
    if (toTag != null && !to.contains(";tag=")) {
      sb.append(";tag=").append(toTag);
    }
    sb.append("\r\n");
    sb.append("Call-ID: ").append(r.headerValue(HeaderName.CALL_ID).orElse("")).append("\r\n");
    sb.append("CSeq: ").append(r.headerValue(HeaderName.CSEQ).orElse("")).append("\r\n");
    if (toTag != null) {
      sb.append(contact).append(">\r\n");
    }
    return WarmUpSip.message(sb.toString(), withSdp ? sdp : null);
  }

  private void send(byte[] bytes, InetSocketAddress to) throws IOException {
    sip.send(ByteBuffer.wrap(bytes), to);
  }

  /** Stops the thread and closes the three sockets. */
  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (AutoCloseable c : new AutoCloseable[] {selector, sip, audio, video}) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.debug("warm-up gateway close: {}", e.toString());
      }
    }
  }
}
