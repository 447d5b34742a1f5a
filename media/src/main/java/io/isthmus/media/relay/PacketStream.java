package io.isthmus.media.relay;

import io.isthmus.media.codec.G711Transcoder;
import io.isthmus.media.ice.IceAgent;
import io.isthmus.media.ice.Stun;
import io.isthmus.media.net.DatagramPort;
import io.isthmus.media.net.WholeDatagrams;
import io.isthmus.media.relay.stats.StreamStats;
import io.isthmus.media.rtp.RtcpMux;
import io.isthmus.media.srtp.SrtpStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relay socket facing one party (rtpengine's packet stream): the RTP or the RTCP component of a
 * {@link MediaStream}. It receives what the party sends, and it is the socket the relay sends to
 * that party from (symmetric RTP: the port advertised to the party is the port it hears from).
 *
 * <p>The hot path ({@link #receive}) runs on the owning event loop: SRTP verification and
 * decryption where the party speaks SRTP, latch check, plain-field counters, optional in-place
 * transcoding, SRTP encryption where the peer speaks it, then a write of the same buffer (not a
 * copy) out of the peer's socket ({@link DatagramPort}: at once on epoll, queued and flushed once
 * per read burst on NIO). No locks, and on epoll nothing allocated per packet.
 *
 * <p><b>Connected fast path.</b> Once the latch locks the party's endpoint, this stream opens a
 * second socket on the same port connected to that endpoint ({@link
 * io.isthmus.media.net.DatagramTransport#connect}): the party's packets arrive there with no sender
 * to decode, and the relay sends to the party through it with no recipient (the kernel keeps the
 * route). The bound socket stays open: the kernel hands it everything that does not come from the
 * locked endpoint, so strangers are still seen, dropped and counted ({@code strangerDrops}). New
 * signalling closes the connected socket before learning restarts. On NIO the relay keeps the
 * unconnected path.
 */
public final class PacketStream {

  private static final Logger LOG = LoggerFactory.getLogger(PacketStream.class);

  /** Which component of the media stream this socket carries. */
  public enum Component {
    RTP,
    RTCP
  }

  private final MediaStream media;
  private final Component component;
  private final int localPort;
  private final EndpointLatch latch;
  // The largest datagram this socket can send whole (its address family's UDP maximum).
  private final int maxPayload;
  // The relay's total of accepted bytes (max-bandwidth), added to per packet.
  private final LongAdder receivedBytes;
  // What both sockets deliver to (the stream's receive path).
  private final DatagramPort.Receiver receiver = new Receiver();
  private DatagramPort channel;
  // Connected to the locked endpoint while the latch is locked; null otherwise.
  private DatagramPort connected;
  // The socket written since the last flush, or null.
  private DatagramPort flushPending;

  // Counters: written only by the owning loop; read through snapshots taken on that loop.
  private long packets;
  private long bytes;
  private long errors;
  private long strangerDrops;
  private long oversizedDrops;
  private long lastPacketNanos;
  // The query's per-stream SSRC and codec (rtpengine's): the last SSRC, packets per payload type.
  private long ssrc = -1;
  private final int[] payloadTypes = new int[PAYLOAD_TYPE_SLOTS]; // type + 1; 0: slot free
  private final long[] payloadTypePackets = new long[PAYLOAD_TYPE_SLOTS];

  /** Payload types counted per stream: a voice stream carries one or two (audio, events, CN). */
  private static final int PAYLOAD_TYPE_SLOTS = 4;

  PacketStream(
      MediaStream media, Component component, int localPort, long learningWindowNanos, long now) {
    this.media = media;
    this.component = component;
    this.localPort = localPort;
    this.latch = new EndpointLatch(learningWindowNanos, now);
    this.maxPayload = WholeDatagrams.maxPayload(media.iface().local() instanceof Inet6Address);
    this.receivedBytes = media.monologue().call().relay().receivedBytesCounter();
    this.lastPacketNanos = now;
  }

  /** Called by the channel handler for each datagram; takes ownership of {@code buf}. */
  void receive(ByteBuf buf, InetSocketAddress source) {
    long now = media.clock().nanos();
    int len = buf.readableBytes();
    IceAgent ice = media.iceAgent(); // ICE: the one STUN dispatch point (a field read on RTP)
    if (ice != null && Stun.isStun(buf)) {
      answerStun(ice, buf, source, now);
      return;
    }
    boolean rtcp =
        component == Component.RTCP
            || (media.rtcpMux() && len >= 2 && RtcpMux.isRtcp(buf, buf.readerIndex()));
    // SRTP first: an unauthenticated packet must not teach the latch a source (RTP bleed).
    SrtpStream srtpIn = media.srtpFromParty();
    if (srtpIn != null && !srtpIn.unprotect(buf, rtcp)) {
      drop(buf);
      return;
    }
    if (!latch.accept(source, now)) {
      strangerDrops++;
      drop(buf);
      return;
    }
    if (latch.takeChanged()) {
      media.monologue().call().replicate(); // learned or locked: once per window, not per packet
    }
    if (latch.takeMoved()) {
      closeConnected(); // media-handover: the party moved, the socket points at the old place
    } else if (connected == null && latch.isLocked(now) && latch.connectable()) {
      connectToLockedEndpoint();
    }
    int off = buf.readerIndex();
    packets++;
    bytes += len;
    receivedBytes.add(len);
    lastPacketNanos = now;
    len = buf.readableBytes();
    if (!rtcp && len >= 12) {
      ssrc = buf.getUnsignedInt(off + 8);
      countPayloadType(buf.getByte(off + 1) & 0x7f);
    } else if (rtcp && component == Component.RTCP && len >= 8) {
      ssrc = buf.getUnsignedInt(off + 4);
    }
    MediaStream peer = media.peer();
    if (peer == null) {
      drop(buf);
      return;
    }
    PacketStream target;
    if (rtcp) {
      media.recordRtcp(buf, off, len);
      media.tapRtcp(buf, off, len, source, localPort);
      G711Transcoder transcoder = media.transcoder();
      if (transcoder != null) {
        transcoder.rewriteRtcp(buf, off, len, peer.transcoder()); // SSRCs of the new streams
      }
      target = peer.rtcpSender();
    } else {
      G711Transcoder transcoder = media.transcoder();
      if (transcoder != null && !transcoder.transcode(buf, off, len)) {
        drop(buf);
        return;
      }
      target = peer.rtpSender();
    }
    SrtpStream srtpOut = peer.srtpToParty();
    if (srtpOut != null) {
      ByteBuf protectedBuf = srtpOut.protect(buf, rtcp);
      if (protectedBuf == null) {
        drop(buf);
        return;
      }
      buf = protectedBuf;
    }
    if (buf.readableBytes() > target.maxPayload) {
      // Too big for one datagram out of the peer's socket (SRTP's tag, or IPv6 to IPv4): drop it
      // whole rather than have the kernel refuse it or the peer receive a part.
      oversizedDrops++;
      drop(buf);
      return;
    }
    if (!target.send(buf)) {
      drop(buf);
    }
  }

  /**
   * A STUN message on a media port with an ICE agent (off the RTP path): the agent's answer goes
   * back to the source out of this socket; a valid check's source becomes the party's endpoint.
   */
  private void answerStun(IceAgent ice, ByteBuf buf, InetSocketAddress source, long now) {
    byte[] reply = ice.receive(buf, source);
    buf.release();
    DatagramPort out = channel;
    if (reply != null && out != null) {
      ByteBuf answer = Unpooled.wrappedBuffer(reply);
      if (!out.sendTo(answer, source)) {
        answer.release();
      }
      out.flush();
    }
    InetSocketAddress learned = ice.takeLearned();
    if (learned != null && latch.confirm(learned)) {
      closeConnected(); // connected to where the party no longer is
    }
  }

  /**
   * Sends {@code buf} to this socket's party. On success the caller's reference is consumed. Where
   * sends are queued (NIO) they are flushed once per read burst ({@link #flushIfPending}).
   */
  boolean send(ByteBuf buf) {
    DatagramPort fast = connected;
    if (fast != null) {
      // Connected to the locked endpoint (= latch.destination()): no recipient.
      if (!fast.send(buf)) {
        return false;
      }
      flushPending = fast;
      return true;
    }
    InetSocketAddress destination = latch.destination();
    DatagramPort out = channel;
    if (destination == null || out == null || !out.sendTo(buf, destination)) {
      return false;
    }
    flushPending = out;
    return true;
  }

  void flushIfPending() {
    DatagramPort out = flushPending;
    if (out != null) {
      flushPending = null;
      out.flush();
    }
  }

  /**
   * Opens the connected socket once the endpoint is locked. Off the per-packet path: it runs once
   * per lock. If the OS refuses (or on NIO), the stream stays on the unconnected path.
   */
  private void connectToLockedEndpoint() {
    DatagramPort bound = channel;
    InetSocketAddress endpoint = latch.learned();
    if (bound == null || endpoint == null || !media.connectedSocketsSupported()) {
      return;
    }
    flushIfPending(); // writes queued on the bound socket leave before the switch
    connected = media.openConnected(bound, endpoint, receiver);
  }

  /** Closes the connected socket: the bound socket receives from everyone again. */
  private void closeConnected() {
    DatagramPort fast = connected;
    if (fast != null) {
      connected = null;
      if (flushPending == fast) {
        flushPending = null;
        fast.flush();
      }
      fast.close();
    }
  }

  /** The party's SDP address changed or was signalled again: see {@link EndpointLatch#expect}. */
  void expect(InetSocketAddress address, long now) {
    closeConnected();
    latch.expect(address, now);
  }

  /** New signalling: follow the party's source again for a learning window. */
  void restartLearning(long now) {
    closeConnected();
    latch.restart(now);
  }

  /** Whether the connected fast path is in use (for tests). */
  boolean isConnected() {
    return connected != null;
  }

  /** The sockets' deliveries, on the owning loop. */
  private final class Receiver implements DatagramPort.Receiver {
    @Override
    public void datagram(ByteBuf buf, InetSocketAddress sender) {
      receive(buf, sender);
    }

    @Override
    public void readComplete() {
      MediaStream peer = media.peer();
      if (peer != null) {
        peer.flushPending();
      }
    }

    @Override
    public void truncated() {
      countOversized();
    }

    @Override
    public void error(Throwable cause) {
      countError();
      LOG.debug("relay socket {} error: {}", localPort, cause.toString());
    }
  }

  private void drop(ByteBuf buf) {
    errors++;
    buf.release();
  }

  void countError() {
    errors++;
  }

  /** A datagram that filled the receive buffer (cut short by the kernel): dropped, counted. */
  void countOversized() {
    oversizedDrops++;
    errors++;
  }

  void attach(DatagramPort channel) {
    this.channel = channel;
  }

  /** What this stream's sockets deliver to. */
  DatagramPort.Receiver receiver() {
    return receiver;
  }

  /** Closes the socket (keeping the port reserved by the media stream). */
  void closeSocket() {
    closeConnected();
    DatagramPort open = channel;
    channel = null;
    if (open != null) {
      open.close();
    }
  }

  /** The event loop the bound socket is registered on, or null when closed. */
  io.netty.channel.EventLoop loop() {
    return channel == null ? null : channel.eventLoop();
  }

  boolean isOpen() {
    return channel != null;
  }

  EndpointLatch latch() {
    return latch;
  }

  MediaStream media() {
    return media;
  }

  public Component component() {
    return component;
  }

  /** The relay port advertised to the party. */
  public int localPort() {
    return localPort;
  }

  long lastPacketNanos() {
    return lastPacketNanos;
  }

  /** Counts a packet of payload type {@code pt}: a scan of four slots, no allocation. */
  private void countPayloadType(int pt) {
    for (int i = 0; i < PAYLOAD_TYPE_SLOTS; i++) {
      int seen = payloadTypes[i];
      if (seen == pt + 1) {
        payloadTypePackets[i]++;
        return;
      }
      if (seen == 0) {
        payloadTypes[i] = pt + 1;
        payloadTypePackets[i] = 1;
        return;
      }
    }
  }

  /** The payload type with the most packets (the first seen on a tie), -1 before any. */
  private int mostPacketsPayloadType() {
    int best = -1;
    long most = 0;
    for (int i = 0; i < PAYLOAD_TYPE_SLOTS; i++) {
      if (payloadTypes[i] != 0 && payloadTypePackets[i] > most) {
        most = payloadTypePackets[i];
        best = payloadTypes[i] - 1;
      }
    }
    return best;
  }

  StreamStats stats(long now) {
    return new StreamStats(
        localPort,
        channel != null,
        latch.expected(),
        latch.destination(),
        latch.isLocked(now),
        packets,
        bytes,
        errors,
        strangerDrops,
        oversizedDrops,
        lastPacketNanos,
        ssrc,
        mostPacketsPayloadType());
  }
}
