package io.isthmus.media.relay;

import io.isthmus.media.codec.G711Transcoder;
import io.isthmus.media.relay.stats.StreamStats;
import io.isthmus.media.rtp.RtcpMux;
import io.isthmus.media.srtp.SrtpStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * One relay socket facing one party (rtpengine's packet stream): the RTP or the RTCP component of a
 * {@link MediaStream}. It receives what the party sends, and it is the socket the relay sends to
 * that party from (symmetric RTP: the port advertised to the party is the port it hears from).
 *
 * <p>The hot path ({@link #receive}) runs on the owning event loop: SRTP verification and
 * decryption where the party speaks SRTP, latch check, plain-field counters, optional in-place
 * transcoding, SRTP encryption where the peer speaks it, then a write of the same buffer (not a
 * copy) out of the peer's socket with a void promise, flushed once per read burst. No locks. The
 * relay's only allocation per packet is the outbound {@link DatagramPacket} envelope: 24 bytes
 * (measured with ThreadMXBean), needed because an unconnected Netty datagram write takes its
 * recipient per message. Measured on the event loop thread in {@code RelayForwardBench}: 140-200
 * bytes per forwarded packet in all, the rest being Netty's receive side (a DatagramPacket and a
 * sender address per datagram). Connecting a socket once its endpoint is locked would remove both
 * the sender address on receive and the envelope on send; that is a later step, since re-signalling
 * must be able to unlock it.
 */
public final class PacketStream {

  /** Which component of the media stream this socket carries. */
  public enum Component {
    RTP,
    RTCP
  }

  private final MediaStream media;
  private final Component component;
  private final int localPort;
  private final EndpointLatch latch;
  private Channel channel;
  private boolean flushPending;

  // Counters: written only by the owning loop; read through snapshots taken on that loop.
  private long packets;
  private long bytes;
  private long errors;
  private long strangerDrops;
  private long lastPacketNanos;

  PacketStream(
      MediaStream media, Component component, int localPort, long learningWindowNanos, long now) {
    this.media = media;
    this.component = component;
    this.localPort = localPort;
    this.latch = new EndpointLatch(learningWindowNanos, now);
    this.lastPacketNanos = now;
  }

  /** Called by the channel handler for each datagram; takes ownership of {@code buf}. */
  void receive(ByteBuf buf, InetSocketAddress source) {
    long now = media.clock().nanos();
    int len = buf.readableBytes();
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
    int off = buf.readerIndex();
    packets++;
    bytes += len;
    lastPacketNanos = now;
    len = buf.readableBytes();
    MediaStream peer = media.peer();
    if (peer == null) {
      drop(buf);
      return;
    }
    PacketStream target;
    if (rtcp) {
      media.recordRtcp(buf, off, len);
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
    if (!target.send(buf)) {
      drop(buf);
    }
  }

  /**
   * Writes {@code buf} to this socket's party. The caller's reference passes to Netty on success.
   * Flushed once per read burst ({@link #flushIfPending}), so several packets in one burst leave in
   * one {@code sendmmsg} on epoll.
   */
  boolean send(ByteBuf buf) {
    InetSocketAddress destination = latch.destination();
    Channel out = channel;
    if (destination == null || out == null || !out.isWritable()) {
      return false;
    }
    out.write(new DatagramPacket(buf, destination), out.voidPromise());
    flushPending = true;
    return true;
  }

  void flushIfPending() {
    if (flushPending) {
      flushPending = false;
      Channel out = channel;
      if (out != null) {
        out.flush();
      }
    }
  }

  private void drop(ByteBuf buf) {
    errors++;
    buf.release();
  }

  void countError() {
    errors++;
  }

  void attach(Channel channel) {
    this.channel = channel;
  }

  /** Closes the socket (keeping the port reserved by the media stream). */
  void closeSocket() {
    Channel open = channel;
    channel = null;
    if (open != null) {
      open.close();
    }
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
        lastPacketNanos);
  }
}
