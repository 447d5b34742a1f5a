package io.isthmus.media.net;

import io.isthmus.ng.net.QuietLoops;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's event loops and datagram sockets: native epoll when available, else NIO (detected
 * once, logged). A call is owned by one loop ({@link #loopFor}); all its sockets are bound there,
 * so forwarding between two legs of a call is a same-thread write. A datagram is never truncated:
 * every socket reads into a buffer larger than any UDP payload ({@link WholeDatagrams}).
 *
 * <p>The loops are either the transport's own ({@link #start}: {@link #close} shuts them down) or a
 * group someone else owns ({@link #on}, e.g. the proxy's in {@code isthmus run}, so that a call's
 * SIP and media share a loop: {@link #close} then leaves the group running).
 */
public final class DatagramTransport implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DatagramTransport.class);

  private final EventLoopGroup group;
  private final boolean epoll;
  private final List<EventLoop> loops;
  private final boolean ownsGroup;

  private DatagramTransport(EventLoopGroup group, boolean epoll, boolean ownsGroup) {
    this.group = group;
    this.epoll = epoll;
    this.ownsGroup = ownsGroup;
    var list = new ArrayList<EventLoop>();
    group.forEach(executor -> list.add((EventLoop) executor));
    this.loops = List.copyOf(list);
  }

  /**
   * Starts {@code threads} event loops on epoll if the native transport loads, else on NIO.
   *
   * @param preferEpoll false forces NIO (for comparison runs)
   */
  public static DatagramTransport start(int threads, boolean preferEpoll) {
    if (threads < 1) {
      throw new IllegalArgumentException("need at least one event loop, got " + threads);
    }
    var threadFactory = new DefaultThreadFactory("isthmus-media", true);
    if (preferEpoll && Epoll.isAvailable()) {
      LOG.info("media transport: native epoll, {} event loop(s)", threads);
      return new DatagramTransport(
          QuietLoops.keepAsleep(
              new MultiThreadIoEventLoopGroup(threads, threadFactory, EpollIoHandler.newFactory())),
          true,
          true);
    }
    LOG.info(
        "media transport: NIO, {} event loop(s) (epoll {})",
        threads,
        preferEpoll ? "unavailable: " + Epoll.unavailabilityCause() : "disabled");
    return new DatagramTransport(
        QuietLoops.keepAsleep(
            new MultiThreadIoEventLoopGroup(threads, threadFactory, NioIoHandler.newFactory())),
        false,
        true);
  }

  /**
   * Runs on an event-loop group owned by the caller: sockets are registered on its loops, a call on
   * {@code loops[floorMod(callId.hashCode(), n)]} over the group's loops in iteration order (the
   * proxy's choice too), and {@link #close} does not shut the group down.
   *
   * @param epoll whether the group's loops run {@link EpollIoHandler} (else {@link NioIoHandler});
   *     the datagram channels are made to match
   * @throws IllegalArgumentException when a loop of the group is not of that kind
   */
  public static DatagramTransport on(EventLoopGroup group, boolean epoll) {
    Class<? extends IoHandler> io = epoll ? EpollIoHandler.class : NioIoHandler.class;
    for (EventExecutor e : group) {
      if (!(e instanceof IoEventLoop loop) || !loop.isIoType(io)) {
        throw new IllegalArgumentException(
            "event loop " + e + " does not run " + io.getSimpleName());
      }
    }
    var transport = new DatagramTransport(group, epoll, false);
    LOG.info(
        "media transport: {} on a shared group of {} event loop(s)",
        transport.name(),
        transport.loops.size());
    return transport;
  }

  /** "epoll" or "nio". */
  public String name() {
    return epoll ? "epoll" : "nio";
  }

  public List<EventLoop> loops() {
    return loops;
  }

  /** The loop owning the call with this call-id: a stable hash, so every command finds it. */
  public EventLoop loopFor(String callId) {
    return loops.get(Math.floorMod(callId.hashCode(), loops.size()));
  }

  /**
   * Opens a relay socket on {@code loop}, bound to {@code local}, delivering to {@code receiver}:
   * on epoll the relay's own socket ({@link UdpSocket}: nothing allocated per packet), on NIO a
   * Netty channel ({@link ChannelPort}). Must run on {@code loop}: registration and bind complete
   * inline, so the caller learns at once whether the port was free.
   *
   * @return the bound socket, or null when the OS refused the address (port taken)
   */
  public DatagramPort bind(
      EventLoop loop, InetSocketAddress local, DatagramPort.Receiver receiver) {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException("bind must run on the owning event loop");
    }
    if (epoll) {
      try {
        return UdpSocket.bind((IoEventLoop) loop, local, false, receiver);
      } catch (IOException e) {
        LOG.debug("cannot bind {}: {}", local, e.toString());
        return null;
      }
    }
    var family =
        local.getAddress() instanceof Inet6Address
            ? SocketProtocolFamily.INET6
            : SocketProtocolFamily.INET;
    Channel channel = new NioDatagramChannel(family);
    channel.config().setRecvByteBufAllocator(WholeDatagrams.INSTANCE);
    channel.pipeline().addLast(ChannelPort.handler(receiver));
    ChannelFuture registered = loop.register(channel);
    if (!registered.isDone() || !registered.isSuccess()) {
      channel.unsafe().closeForcibly();
      throw new IllegalStateException("registration did not complete inline", registered.cause());
    }
    ChannelFuture bound = channel.bind(local);
    if (!bound.isDone()) {
      channel.close();
      throw new IllegalStateException("bind did not complete inline on " + name());
    }
    if (!bound.isSuccess()) {
      LOG.debug("cannot bind {}: {}", local, bound.cause().toString());
      channel.close();
      return null;
    }
    return new ChannelPort(channel);
  }

  /**
   * Whether {@link #connect} can open a connected socket beside a bound one (epoll only: it needs
   * {@code SO_REUSEPORT}, which Netty's NIO channel does not expose portably).
   */
  public boolean supportsConnectedSockets() {
    return epoll;
  }

  /**
   * Opens a second socket on the address and port of {@code bound}, connected to {@code remote},
   * delivering to {@code receiver}. Both sockets get {@code SO_REUSEPORT}; Linux then delivers
   * datagrams from {@code remote} to the connected socket (its 4-tuple scores higher, and hash
   * selection in a reuseport group skips connected sockets, Linux 5.4+) and everything else to
   * {@code bound}. Sends on the connected socket need no recipient, the kernel keeps its route, and
   * reads decode no sender.
   *
   * <p>Between the bind and the connect (two syscalls, microseconds) the new socket may receive a
   * datagram from any source; the caller must accept that or check.
   *
   * @return the connected socket, or null when not supported or the OS refused
   */
  public DatagramPort connect(
      EventLoop loop,
      DatagramPort bound,
      InetSocketAddress remote,
      DatagramPort.Receiver receiver) {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException("connect must run on the owning event loop");
    }
    if (!epoll || !(bound instanceof UdpSocket boundSocket)) {
      return null;
    }
    UdpSocket connected = null;
    try {
      // Set after bind: the flag is what a later bind of the same port checks.
      boundSocket.reusePort();
      connected = UdpSocket.bind((IoEventLoop) loop, bound.localAddress(), true, receiver);
      connected.connect(remote);
      return connected;
    } catch (IOException e) {
      LOG.debug("cannot connect {} to {}: {}", bound.localAddress(), remote, e.toString());
      if (connected != null) {
        connected.close();
      }
      return null;
    }
  }

  /** Whether {@link #close} shuts the loops down (false on a shared group, {@link #on}). */
  public boolean ownsLoops() {
    return ownsGroup;
  }

  /**
   * Stops the loops if they are the transport's own (sockets still open are closed by Netty; waits
   * up to five seconds); on a shared group does nothing: the relay closed its sockets before.
   */
  @Override
  public void close() {
    if (ownsGroup) {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
