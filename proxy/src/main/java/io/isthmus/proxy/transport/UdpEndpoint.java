package io.isthmus.proxy.transport;

import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.SocketSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.UnixChannelOption;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured UDP socket. With epoll it is one channel per event loop, all bound to the same
 * address and port with SO_REUSEPORT so the kernel spreads flows over the loops (the usual remedy
 * for one Netty datagram channel being served by one thread); with NIO it is a single channel.
 * Sends use the calling loop's channel, so a send from an owning loop is a same-thread write.
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

  private final SocketSpec spec;
  private final Channel[] channels;
  private final InetSocketAddress bound;

  private UdpEndpoint(SocketSpec spec, Channel[] channels) {
    this.spec = spec;
    this.channels = channels;
    this.bound = (InetSocketAddress) channels[0].localAddress();
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
    return new UdpEndpoint(spec, channels);
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

  void close() {
    for (Channel c : channels) {
      c.close().awaitUninterruptibly();
    }
  }

  /** Copies each datagram to a heap array once and hands it to the ingress. */
  private static final class UdpReceiver extends SimpleChannelInboundHandler<DatagramPacket> {
    private final SocketSpec spec;
    private final Network network;
    private final Ingress ingress;

    UdpReceiver(SocketSpec spec, Network network, Ingress ingress) {
      this.spec = spec;
      this.network = network;
      this.ingress = ingress;
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
      org.slf4j.LoggerFactory.getLogger(UdpEndpoint.class)
          .debug("UDP socket {}: {}", spec, cause.toString());
    }
  }
}
