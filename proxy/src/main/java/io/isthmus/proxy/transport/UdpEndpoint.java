package io.isthmus.proxy.transport;

import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.SocketSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.AttributeKey;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured UDP socket. With epoll it is one channel per event loop, all bound to the same
 * address and port with SO_REUSEPORT so the kernel spreads flows over the loops (the usual remedy
 * for one Netty datagram channel being served by one thread); with NIO it is a single channel.
 * Sends use the calling loop's channel, so a send from an owning loop is a same-thread write.
 *
 * <p>Watched destinations (the gateways) get a connected channel of their own per loop, bound to
 * the same address and port (SO_REUSEPORT; the kernel never picks a connected socket for another
 * peer's datagrams). Linux reports ICMP port unreachable only to a connected UDP socket (an
 * unconnected one would need IP_RECVERR and its error queue, which Netty cannot read, and then
 * fails the next unrelated send with the error): so a dead gateway's port is known the moment its
 * ICMP comes back, and reported to the {@link Unreachable} listener on the loop that read it.
 */
final class UdpEndpoint {
  /**
   * The receive buffer each SIP UDP socket asks for. The kernel's default (~208 KiB) holds about
   * 100 loopback datagrams: at 400 calls/s (some 4,000 datagrams/s) a 25 ms stall of the loop (a GC
   * pause, a JIT burst after start) overflowed it, and the lost INVITEs came back as 0.5 s and 1.5
   * s setups or failed calls. 4 MiB rides out about half a second; Linux caps the request at {@code
   * net.core.rmem_max}, and the granted size is logged.
   */
  static final int RECEIVE_BUFFER_BYTES = 4 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(UdpEndpoint.class);

  /** Told when a watched destination's connected channel saw an error (ICMP unreachable). */
  @FunctionalInterface
  interface Unreachable {
    void unreachable(SocketSpec local, InetSocketAddress remote, Throwable cause);
  }

  private final SocketSpec spec;
  private final Network network;
  private final Ingress ingress;
  private final Channel[] channels;
  private final InetSocketAddress bound;
  private final boolean epoll;
  private final int maxDatagram;

  /** Per loop (index): connected channels by destination; each map touched on its loop only. */
  private final List<Map<InetSocketAddress, Channel>> connected;

  /** Every connected channel, for close (from any thread). */
  private final Set<Channel> allConnected = ConcurrentHashMap.newKeySet();

  private volatile Unreachable unreachable = (l, r, c) -> {};
  private volatile boolean closed;

  private UdpEndpoint(
      SocketSpec spec,
      Network network,
      Ingress ingress,
      Channel[] channels,
      boolean epoll,
      int maxDatagram) {
    this.spec = spec;
    this.network = network;
    this.ingress = ingress;
    this.channels = channels;
    this.bound = (InetSocketAddress) channels[0].localAddress();
    this.epoll = epoll;
    this.maxDatagram = maxDatagram;
    List<Map<InetSocketAddress, Channel>> maps = new java.util.ArrayList<>();
    for (int i = 0; i < channels.length; i++) {
      maps.add(new HashMap<>());
    }
    this.connected = List.copyOf(maps);
  }

  /** Where errors of watched destinations go. */
  void onUnreachable(Unreachable listener) {
    this.unreachable = listener;
  }

  /**
   * Binds the socket. Blocks the calling thread (start-up, never a loop) until bound.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  static UdpEndpoint bind(
      SocketSpec spec, Network network, LoopGroup loops, Ingress ingress, int maxDatagram) {
    boolean epoll = loops.epoll();
    int n = epoll ? loops.size() : 1;
    Channel[] channels = new Channel[n];
    int port = spec.port();
    SocketProtocolFamily family =
        spec.address() instanceof Inet6Address
            ? SocketProtocolFamily.INET6
            : SocketProtocolFamily.INET;
    try {
      for (int i = 0; i < n; i++) {
        Bootstrap b =
            new Bootstrap()
                .group(loops.loop(i))
                .channelFactory(
                    () -> epoll ? new EpollDatagramChannel(family) : new NioDatagramChannel(family))
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxDatagram))
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
                .handler(new UdpReceiver(spec, network, ingress));
        if (epoll) {
          b.option(UnixChannelOption.SO_REUSEPORT, true);
        }
        // port 0: the first bind picks the port, the others join it
        ChannelFuture f =
            b.bind(new InetSocketAddress(spec.address(), port)).awaitUninterruptibly();
        if (!f.isSuccess()) {
          throw new IllegalStateException("cannot bind " + spec + ": " + f.cause(), f.cause());
        }
        channels[i] = f.channel();
        port = ((InetSocketAddress) channels[i].localAddress()).getPort();
      }
    } catch (RuntimeException e) {
      for (Channel c : channels) {
        if (c != null) {
          c.close().awaitUninterruptibly();
        }
      }
      throw e;
    }
    Integer granted = channels[0].config().getOption(ChannelOption.SO_RCVBUF);
    if (granted != null && granted < RECEIVE_BUFFER_BYTES) {
      // Linux reports twice the size it was asked for (bookkeeping), capped at 2 x rmem_max.
      LOG.info(
          "SIP {}: UDP receive buffer {} KiB (asked {} KiB; raise net.core.rmem_max for more)",
          spec,
          granted / 1024,
          RECEIVE_BUFFER_BYTES / 1024);
    }
    return new UdpEndpoint(spec, network, ingress, channels, epoll, maxDatagram);
  }

  SocketSpec spec() {
    return spec;
  }

  InetSocketAddress localAddress() {
    return bound;
  }

  int channelCount() {
    return channels.length;
  }

  Channel channel(int i) {
    return channels[i];
  }

  /** Sends a datagram from the calling loop's channel (the first one off the loops). */
  ChannelFuture send(ByteBuf content, InetSocketAddress to, LoopGroup loops) {
    int i = channels.length == 1 ? 0 : loops.currentIndex();
    Channel c = channels[i < 0 ? 0 : i];
    return c.writeAndFlush(new DatagramPacket(content, to));
  }

  /**
   * Sends a datagram to a watched destination: on the calling loop's channel connected to it
   * (opened on first use), so that an ICMP error for it is seen; a write that fails there is an
   * error of the destination too. Off the loops, or without epoll, as {@link #send}.
   */
  ChannelFuture sendWatched(ByteBuf content, InetSocketAddress to, LoopGroup loops) {
    int i = loops.currentIndex();
    if (!epoll || i < 0 || i >= connected.size() || closed) {
      return send(content, to, loops);
    }
    Channel c = connected.get(i).get(to);
    if (c == null) {
      c = connect(loops.loop(i), to);
      if (c == null) {
        return send(content, to, loops);
      }
      connected.get(i).put(to, c);
      Channel opened = c;
      int loop = i;
      c.closeFuture().addListener(f -> forget(loop, to, opened));
      // made once per connected channel: a send adds it, it allocates nothing per message
      ChannelFutureListener onFailure =
          w -> {
            if (!w.isSuccess()) {
              unreachable.unreachable(spec, to, w.cause());
            }
          };
      c.attr(ON_WRITE_FAILURE).set(onFailure);
    }
    return c.writeAndFlush(content).addListener(c.attr(ON_WRITE_FAILURE).get());
  }

  /** A connected channel's listener that reports a failed write as its destination's error. */
  private static final AttributeKey<ChannelFutureListener> ON_WRITE_FAILURE =
      AttributeKey.valueOf(UdpEndpoint.class, "onWriteFailure");

  /** A channel bound to our address and port, connected to {@code to}, on {@code loop}. */
  private Channel connect(io.netty.channel.EventLoop loop, InetSocketAddress to) {
    SocketProtocolFamily family =
        bound.getAddress() instanceof Inet6Address
            ? SocketProtocolFamily.INET6
            : SocketProtocolFamily.INET;
    EpollDatagramChannel ch = new EpollDatagramChannel(family);
    // Responses from this gateway arrive here: the same headroom as the listening socket.
    ch.config().setOption(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
    ch.config().setOption(UnixChannelOption.SO_REUSEPORT, true);
    ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(maxDatagram));
    ch.pipeline().addLast(new UdpReceiver(spec, network, ingress, this, to));
    // on the loop itself registration, bind and connect complete before these calls return
    ChannelFuture reg = loop.register(ch);
    ChannelFuture con = reg.isSuccess() ? ch.connect(to, bound) : reg;
    if (!con.isDone() || !con.isSuccess()) {
      LOG.debug("UDP socket {}: cannot connect to {}: {}", spec, to, con.cause());
      ch.close();
      return null;
    }
    allConnected.add(ch);
    if (closed) {
      ch.close();
      return null;
    }
    return ch;
  }

  private void forget(int loop, InetSocketAddress to, Channel c) {
    allConnected.remove(c);
    Map<InetSocketAddress, Channel> m = connected.get(loop);
    io.netty.channel.EventLoop owner = c.eventLoop();
    if (owner.inEventLoop()) {
      m.remove(to, c);
    } else {
      owner.execute(() -> m.remove(to, c));
    }
  }

  /** Connected channels open now (all loops). */
  int connectedCount() {
    return allConnected.size();
  }

  void close() {
    closed = true;
    for (Channel c : channels) {
      c.close().awaitUninterruptibly();
    }
    for (Channel c : List.copyOf(allConnected)) {
      c.close().awaitUninterruptibly();
    }
  }

  /**
   * Copies each datagram to a heap array once and hands it to the ingress. On a connected channel
   * an error (ICMP port unreachable) is the destination's: reported, the channel stays.
   */
  private static final class UdpReceiver extends SimpleChannelInboundHandler<DatagramPacket> {
    private final SocketSpec spec;
    private final Network network;
    private final Ingress ingress;
    private final UdpEndpoint endpoint;
    private final InetSocketAddress peer;

    UdpReceiver(SocketSpec spec, Network network, Ingress ingress) {
      this(spec, network, ingress, null, null);
    }

    UdpReceiver(
        SocketSpec spec,
        Network network,
        Ingress ingress,
        UdpEndpoint endpoint,
        InetSocketAddress peer) {
      this.spec = spec;
      this.network = network;
      this.ingress = ingress;
      this.endpoint = endpoint;
      this.peer = peer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      ByteBuf content = packet.content();
      int n = content.readableBytes();
      if (n == 0) {
        return;
      }
      // the message keeps this array (SipParser wraps it without copying); the ByteBuf goes back
      // to the pool as soon as this method returns
      byte[] bytes = new byte[n];
      content.getBytes(content.readerIndex(), bytes);
      Flow flow = new Flow(spec, network, packet.sender(), null, ctx.channel().eventLoop());
      ingress.datagram(bytes, 0, n, flow);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // a datagram socket survives errors such as ICMP port unreachable: log and go on
      LOG.debug("UDP socket {}{}: {}", spec, peer == null ? "" : " to " + peer, cause.toString());
      if (endpoint != null) {
        endpoint.unreachable.unreachable(spec, peer, cause);
      }
    }
  }
}
