package io.isthmus.media.relay;

import io.isthmus.common.time.Clock;
import io.isthmus.media.codec.G711Law;
import io.isthmus.media.codec.G711Transcoder;
import io.isthmus.media.ice.IceAgent;
import io.isthmus.media.net.DatagramPort;
import io.isthmus.media.net.LogicalInterface;
import io.isthmus.media.net.PortPool;
import io.isthmus.media.net.PortsExhaustedException;
import io.isthmus.media.relay.stats.MediaStats;
import io.isthmus.media.relay.stats.RtcpReportStats;
import io.isthmus.media.rtp.ReportBlock;
import io.isthmus.media.rtp.RtcpPacket;
import io.isthmus.media.srtp.SrtpStream;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One m-line of one party (rtpengine's call media): the relay's RTP and RTCP sockets facing that
 * party on one logical interface, the party's address from SDP, and the peer stream its media is
 * forwarded to (the same m-line of the other party, {@link #pair}).
 *
 * <p>Lifecycle as the NG layer drives it: {@link Monologue#addMedia} reserves and binds an even RTP
 * port and the RTCP port after it; {@link #setExpectedPeer} records the party's SDP address; {@link
 * #setRtcpMux} closes or reopens the RTCP socket; {@link #pair} connects offerer and answerer side;
 * {@link #release} closes the sockets and returns the ports.
 *
 * <p>All methods must run on the call's event loop ({@link MediaRelay#onCall}).
 */
public final class MediaStream {

  private final Monologue monologue;
  private final int index;
  private final String type;
  private final LogicalInterface iface;
  private final PortPool pool;
  private final int rtpPort;
  private final PacketStream rtp;
  private final PacketStream rtcp;

  private MediaStream peer;
  private boolean rtcpMux;
  private boolean expectingMedia = true;
  private boolean released;
  private G711Transcoder transcoder;
  private SrtpStream srtpFromParty;
  private SrtpStream srtpToParty;
  private IceAgent iceAgent;

  private long reports;
  private long reportSsrc;
  private int fractionLost;
  private int cumulativeLost;
  private long jitter;

  private MediaStream(
      Monologue monologue,
      int index,
      String type,
      LogicalInterface iface,
      PortPool pool,
      int port) {
    this.monologue = monologue;
    this.index = index;
    this.type = type;
    this.iface = iface;
    this.pool = pool;
    this.rtpPort = port;
    long now = clock().nanos();
    long window = monologue.call().relay().learningWindowNanos();
    this.rtp = new PacketStream(this, PacketStream.Component.RTP, port, window, now);
    this.rtcp = new PacketStream(this, PacketStream.Component.RTCP, port + 1, window, now);
  }

  /** Reserves a port pair on {@code iface} and binds both sockets, skipping pairs in use. */
  static MediaStream open(Monologue monologue, int index, String type, LogicalInterface iface)
      throws PortsExhaustedException {
    MediaRelay relay = monologue.call().relay();
    PortPool pool = relay.portPool(iface);
    for (int attempt = 0; attempt < pool.pairCount(); attempt++) {
      int port = pool.reserve();
      var media = new MediaStream(monologue, index, type, iface, pool, port);
      if (media.bind(media.rtp) && media.bind(media.rtcp)) {
        return media;
      }
      media.rtp.closeSocket();
      pool.release(port);
    }
    throw new PortsExhaustedException(
        "no bindable port pair on " + iface.local().getHostAddress() + " (" + iface.name() + ")");
  }

  /**
   * Binds the stream at {@code rtpPort} itself: a standby restoring a call on the ports the parties
   * were told (replication).
   */
  static MediaStream openAt(
      Monologue monologue, int index, String type, LogicalInterface iface, int rtpPort)
      throws PortsExhaustedException {
    PortPool pool = monologue.call().relay().portPool(iface);
    if (!pool.reserve(rtpPort)) {
      throw new PortsExhaustedException(
          "port " + rtpPort + " on " + iface.local().getHostAddress() + " is in use");
    }
    var media = new MediaStream(monologue, index, type, iface, pool, rtpPort);
    if (media.bind(media.rtp) && media.bind(media.rtcp)) {
      return media;
    }
    media.rtp.closeSocket();
    pool.release(rtpPort);
    throw new PortsExhaustedException(
        "port " + rtpPort + " on " + iface.local().getHostAddress() + " cannot be bound");
  }

  private boolean bind(PacketStream stream) {
    MediaRelay relay = monologue.call().relay();
    var local = new InetSocketAddress(iface.local(), stream.localPort());
    DatagramPort channel =
        relay.transport().bind(monologue.call().owner(), local, stream.receiver());
    if (channel == null) {
      return false;
    }
    stream.attach(channel);
    return true;
  }

  /**
   * Connects the streams of the two sides of one m-line: what {@code a}'s party sends is sent on to
   * {@code b}'s party out of {@code b}'s socket, and back. Replaces earlier pairings of either.
   */
  public static void pair(MediaStream a, MediaStream b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    a.checkUsable();
    b.checkUsable();
    if (a == b) {
      throw new IllegalArgumentException("a media stream cannot be paired with itself");
    }
    if (a.monologue.call() != b.monologue.call()) {
      throw new IllegalArgumentException("media streams of different calls cannot be paired");
    }
    a.unpair();
    b.unpair();
    a.peer = b;
    b.peer = a;
  }

  /**
   * Records the party's media address from SDP ({@code c=}, {@code m=} port, {@code a=rtcp:}).
   * Sending to the party starts at once; learning restarts (see {@link EndpointLatch}).
   *
   * @param rtcpPort the RTCP port from {@code a=rtcp:}, or 0 for RTP + 1 (RFC 3550 §11)
   */
  public void setExpectedPeer(InetAddress address, int rtpPort, int rtcpPort) {
    checkUsable();
    checkPort(rtpPort, "RTP");
    if (rtcpPort != 0) {
      checkPort(rtcpPort, "RTCP");
    }
    long now = clock().nanos();
    rtp.expect(new InetSocketAddress(address, rtpPort), now);
    int effectiveRtcp = rtcpPort != 0 ? rtcpPort : Math.min(rtpPort + 1, 65535);
    rtcp.expect(new InetSocketAddress(address, effectiveRtcp), now);
    monologue.call().touchSignal(now);
  }

  /**
   * How this party's packet sources are checked ({@link SourcePolicy}), from the flags of its
   * latest offer or answer.
   */
  public void setSourcePolicy(SourcePolicy policy) {
    checkUsable();
    rtp.latch().setPolicy(policy);
    rtcp.latch().setPolicy(policy);
  }

  /**
   * rtcp-mux agreed (RFC 5761) or withdrawn for this party. On: RTCP travels on the RTP socket in
   * both directions and the RTCP socket closes (its port stays reserved, for a re-INVITE that
   * withdraws mux). Off: the RTCP socket is bound again.
   *
   * @throws PortsExhaustedException if the RTCP port was taken meanwhile
   */
  public void setRtcpMux(boolean mux) throws PortsExhaustedException {
    checkUsable();
    if (mux == rtcpMux) {
      return;
    }
    if (mux) {
      rtcpMux = true;
      rtcp.closeSocket();
    } else {
      if (!bind(rtcp)) {
        throw new PortsExhaustedException(
            "RTCP port " + rtcp.localPort() + " on " + iface.local().getHostAddress() + " taken");
      }
      rtcpMux = false;
    }
  }

  /**
   * Whether the party is expected to send (false when on hold: its SDP says sendonly towards it, or
   * inactive). Streams that are not expected to send time out on {@code silent-timeout}.
   */
  public void setExpectingMedia(boolean expecting) {
    checkUsable();
    this.expectingMedia = expecting;
  }

  /**
   * Transcodes what this party sends from {@code received} to {@code forwarded} before it goes to
   * the peer (NG {@code codec-transcode}); a fresh output SSRC per input stream.
   */
  public void setTranscoding(G711Law received, G711Law forwarded) {
    checkUsable();
    transcoder =
        new G711Transcoder(
            received, forwarded, () -> ThreadLocalRandom.current().nextLong(1L << 32));
  }

  /**
   * SDES-SRTP with this party (RFC 3711, RFC 4568): what it sends is verified and decrypted with
   * {@code fromParty} (its key) before anything else, so forged packets neither reach the peer nor
   * teach the latch an address; what the relay sends to it is encrypted with {@code toParty} (the
   * relay's key). Null for either: plain RTP in that direction.
   */
  public void setSrtp(SrtpStream fromParty, SrtpStream toParty) {
    checkUsable();
    this.srtpFromParty = fromParty;
    this.srtpToParty = toParty;
  }

  /**
   * The relay's ICE-lite agent towards this party ({@link IceAgent}), or null: STUN on this
   * stream's sockets then goes to it before anything else (RFC 7983 demultiplexing).
   */
  public void setIceAgent(IceAgent agent) {
    checkUsable();
    this.iceAgent = agent;
  }

  /** The ICE agent towards this party, or null. */
  public IceAgent iceAgent() {
    return iceAgent;
  }

  /** Whether SRTP is terminated towards this party. */
  public boolean srtp() {
    return srtpFromParty != null || srtpToParty != null;
  }

  /** Stops transcoding: packets pass unchanged again. */
  public void clearTranscoding() {
    checkUsable();
    transcoder = null;
  }

  /** Closes both sockets, returns the port pair and leaves the monologue. Idempotent. */
  public void release() {
    monologue.call().checkOwner();
    if (released) {
      return;
    }
    released = true;
    unpair();
    rtp.closeSocket();
    rtcp.closeSocket();
    pool.release(rtpPort);
    monologue.removeMedia(this);
  }

  private void unpair() {
    if (peer != null) {
      peer.flushPending();
      if (peer.peer == this) {
        peer.peer = null;
      }
      peer = null;
    }
  }

  // ---- hot-path helpers (owning loop) -----------------------------------------------------

  PacketStream rtpSender() {
    return rtp;
  }

  PacketStream rtcpSender() {
    return rtcpMux ? rtp : rtcp;
  }

  void flushPending() {
    rtp.flushIfPending();
    rtcp.flushIfPending();
  }

  /** Keeps the latest reception report this party sent, for stats. */
  void recordRtcp(ByteBuf buf, int off, int len) {
    int block = RtcpPacket.firstReportBlock(buf, off, len);
    if (block >= 0) {
      reports++;
      reportSsrc = ReportBlock.ssrc(buf, block);
      fractionLost = ReportBlock.fractionLost(buf, block);
      cumulativeLost = ReportBlock.cumulativeLost(buf, block);
      jitter = ReportBlock.jitter(buf, block);
    }
  }

  /** Shows a party's RTCP packet to the relay's {@link RtcpTap}, if one is set. */
  void tapRtcp(ByteBuf buf, int off, int len, InetSocketAddress source, int localPort) {
    Call call = monologue.call();
    RtcpTap tap = call.relay().rtcpTap();
    if (tap != null) {
      tap.rtcp(call.callId(), iface, buf, off, len, source, localPort);
    }
  }

  boolean connectedSocketsSupported() {
    return monologue.call().relay().transport().supportsConnectedSockets();
  }

  /** A socket beside {@code bound}, connected to {@code endpoint}, or null (see PacketStream). */
  DatagramPort openConnected(
      DatagramPort bound, InetSocketAddress endpoint, DatagramPort.Receiver receiver) {
    return monologue
        .call()
        .relay()
        .transport()
        .connect(monologue.call().owner(), bound, endpoint, receiver);
  }

  Clock clock() {
    return monologue.call().relay().clock();
  }

  // ---- state ------------------------------------------------------------------------------

  private void checkUsable() {
    monologue.call().checkOwner();
    if (released) {
      throw new IllegalStateException("media stream " + index + " was released");
    }
  }

  private static void checkPort(int port, String what) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " port out of range: " + port);
    }
  }

  public Monologue monologue() {
    return monologue;
  }

  /** 1-based m-line index. */
  public int index() {
    return index;
  }

  public String type() {
    return type;
  }

  public LogicalInterface iface() {
    return iface;
  }

  /** The relay's RTP port for this party (advertised in SDP). */
  public int localRtpPort() {
    return rtp.localPort();
  }

  /** The relay's RTCP port (RTP + 1; the RTP port itself when muxed). */
  public int localRtcpPort() {
    return rtcpMux ? rtp.localPort() : rtcp.localPort();
  }

  /** The address to write into SDP for this party. */
  public InetAddress advertisedAddress() {
    return iface.advertised();
  }

  public MediaStream peer() {
    return peer;
  }

  public boolean rtcpMux() {
    return rtcpMux;
  }

  public boolean expectingMedia() {
    return expectingMedia;
  }

  public boolean isReleased() {
    return released;
  }

  G711Transcoder transcoder() {
    return transcoder;
  }

  /** SRTP from the party (its key), or null: what replication copies. */
  public SrtpStream srtpFromParty() {
    return srtpFromParty;
  }

  /** SRTP to the party (the relay's key), or null. */
  public SrtpStream srtpToParty() {
    return srtpToParty;
  }

  // ---- replication (a standby's copy of the stream) -----------------------------------------

  /** The law this party's media is transcoded from before it goes on, or null. */
  public G711Law transcodedFrom() {
    return transcoder == null ? null : transcoder.from();
  }

  /** The law it is transcoded to, or null. */
  public G711Law transcodedTo() {
    return transcoder == null ? null : transcoder.to();
  }

  /** How this party's sources are checked (the flags of its latest offer or answer). */
  public SourcePolicy sourcePolicy() {
    return rtp.latch().policy();
  }

  /** The party's SDP address for a component, or null before it was signalled. */
  public InetSocketAddress expectedEndpoint(PacketStream.Component c) {
    return stream(c).latch().expected();
  }

  /** The source learned for a component, or null. */
  public InetSocketAddress learnedEndpoint(PacketStream.Component c) {
    return stream(c).latch().learned();
  }

  /** Whether the learned source of a component is locked. */
  public boolean endpointLocked(PacketStream.Component c) {
    return stream(c).latch().isLocked(clock().nanos());
  }

  /**
   * Restores what another process had learned for a component (replication): its SDP address, the
   * learned source and the lock. A locked source stays locked, so packets from it flow at once and
   * strangers are still dropped.
   */
  public void restoreEndpoint(
      PacketStream.Component c,
      InetSocketAddress expected,
      InetSocketAddress learned,
      boolean locked) {
    checkUsable();
    stream(c).latch().restore(expected, learned, locked, clock().nanos());
  }

  private PacketStream stream(PacketStream.Component c) {
    return c == PacketStream.Component.RTP ? rtp : rtcp;
  }

  /** Whether the party's address was signalled (rtpengine: the stream is "filled"). */
  boolean peerAddressKnown() {
    return rtp.latch().expected() != null;
  }

  /** Last packet on either socket, or creation time. */
  long lastPacketNanos() {
    long a = rtp.lastPacketNanos();
    long b = rtcp.lastPacketNanos();
    return a - b >= 0 ? a : b;
  }

  /** Restarts learning on both sockets (new signalling). */
  void restartLearning(long now) {
    rtp.restartLearning(now);
    rtcp.restartLearning(now);
  }

  MediaStats stats(long now) {
    return new MediaStats(
        index,
        type,
        iface.name(),
        rtcpMux,
        rtp.stats(now),
        rtcp.stats(now),
        new RtcpReportStats(reports, reportSsrc, fractionLost, cumulativeLost, jitter));
  }

  /** Releases without touching the monologue's list (the monologue clears it). */
  void releaseForCall() {
    if (!released) {
      released = true;
      unpair();
      rtp.closeSocket();
      rtcp.closeSocket();
      pool.release(rtpPort);
    }
  }
}
