package io.isthmus.proxy.transport;

import io.isthmus.proxy.flood.FloodGuard;
import io.isthmus.proxy.network.Network;
import io.isthmus.proxy.network.SocketSpec;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;

/**
 * One configured TCP socket: the listening channel, whose accepted connections spread over the
 * loops, and outbound connections opened from the socket's address (bound to it, ephemeral port,
 * before connecting, so the peer sees the network's address as the source). A TLS socket is the
 * same with an SslHandler first in every connection's pipeline ({@link TlsContext}); an outbound
 * TLS connection is ready for writes once its handshake completed.
 */
final class TcpEndpoint {
  private final SocketSpec spec;
  private final Network network;
  private final LoopGroup loops;
  private final Ingress ingress;
  private final ConnectionTable table;
  private final TransportConfig config;
  private final TransportCounters counters;
  private TlsContext tls; // null for plain TCP
  private TlsCounters tlsCounters;
  private Channel server;
  private volatile UdpEndpoint.Unreachable unreachable = (l, r, c) -> {};

  private TcpEndpoint(
      SocketSpec spec,
      Network network,
      LoopGroup loops,
      Ingress ingress,
      ConnectionTable table,
      TransportConfig config,
      TransportCounters counters) {
    this.spec = spec;
    this.network = network;
    this.loops = loops;
    this.ingress = ingress;
    this.table = table;
    this.config = config;
    this.counters = counters;
  }

  /** {@link #bind} of a TLS socket: every connection runs TLS with {@code tls}. */
  static TcpEndpoint bindTls(
      SocketSpec spec,
      Network network,
      LoopGroup loops,
      Ingress ingress,
      ConnectionTable table,
      TransportConfig config,
      TransportCounters counters,
      TlsContext tls,
      TlsCounters tlsCounters) {
    return bind(spec, network, loops, ingress, table, config, counters, tls, tlsCounters);
  }

  /** Binds the listening socket; blocks the calling thread (start-up, never a loop). */
  static TcpEndpoint bind(
      SocketSpec spec,
      Network network,
      LoopGroup loops,
      Ingress ingress,
      ConnectionTable table,
      TransportConfig config,
      TransportCounters counters) {
    return bind(spec, network, loops, ingress, table, config, counters, null, null);
  }

  private static TcpEndpoint bind(
      SocketSpec spec,
      Network network,
      LoopGroup loops,
      Ingress ingress,
      ConnectionTable table,
      TransportConfig config,
      TransportCounters counters,
      TlsContext tls,
      TlsCounters tlsCounters) {
    TcpEndpoint e = new TcpEndpoint(spec, network, loops, ingress, table, config, counters);
    e.tls = tls;
    e.tlsCounters = tlsCounters;
    ServerBootstrap b =
        new ServerBootstrap()
            .group(loops.group())
            .channelFactory(
                () -> loops.epoll() ? new EpollServerSocketChannel() : new NioServerSocketChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    e.accepted(ch);
                  }
                });
    ChannelFuture f = b.bind(spec.socketAddress()).awaitUninterruptibly();
    if (!f.isSuccess()) {
      throw new IllegalStateException("cannot bind " + spec + ": " + f.cause(), f.cause());
    }
    e.server = f.channel();
    return e;
  }

  /**
   * Where the failures of outbound connections go: a refused connect, or a connection that closed
   * or was reset under requests still waiting for their first response.
   */
  void onUnreachable(UdpEndpoint.Unreachable listener) {
    this.unreachable = listener;
  }

  private void accepted(SocketChannel ch) {
    FloodGuard.Admission admission = ingress.connectionOpened(network, ch.remoteAddress());
    if (admission == FloodGuard.Admission.REFUSED) {
      ch.close(); // over the source's connection cap, or a blocked source
      return;
    }
    if (admission == FloodGuard.Admission.COUNTED) {
      InetSocketAddress remote = ch.remoteAddress();
      ch.closeFuture().addListener(f -> ingress.connectionClosed(remote));
    }
    SipConnection c =
        new SipConnection(spec, ch.remoteAddress(), true, ch, ch.newSucceededFuture());
    if (tls != null) {
      ch.pipeline().addLast(tls.serverHandler(ch)).addLast(new TlsHandshakeWatcher(c, tlsCounters));
    }
    pipeline(ch, c);
    table.add(c);
  }

  /**
   * Opens a connection to {@code remote} on {@code loop}. Returns at once; the connection is usable
   * for writes immediately (they wait for the connect, and fail with it).
   */
  SipConnection connect(InetSocketAddress remote, EventLoop loop) {
    Channel ch = loops.epoll() ? new EpollSocketChannel() : new NioSocketChannel();
    ch.config()
        .setConnectTimeoutMillis((int) Math.min(config.tcpConnectTimeout().toMillis(), 600_000));
    ChannelPromise ready = new DefaultChannelPromise(ch, loop);
    SipConnection c = new SipConnection(spec, remote, false, ch, ready);
    SslHandler ssl = tls != null ? tls.clientHandler(ch, remote) : null;
    if (ssl != null) {
      ch.pipeline().addLast(ssl).addLast(new TlsHandshakeWatcher(c, tlsCounters));
    }
    pipeline(ch, c);
    table.removeOnClose(c);
    ch.closeFuture()
        .addListener(
            f -> {
              if (ready.isSuccess()) {
                // closed or reset by the peer (a gateway that died), or by us: requests on it
                // that have no response yet will not get one on this connection
                unreachable.unreachable(
                    spec, remote, new java.io.IOException("connection to " + remote + " closed"));
              }
            });
    loop.register(ch)
        .addListener(
            reg -> {
              if (!reg.isSuccess()) {
                ready.tryFailure(reg.cause());
                ch.unsafe().closeForcibly();
                return;
              }
              // bind to the network's address first: the gateway must see our address on its
              // network, not whatever the routing table would pick
              ch.connect(remote, new InetSocketAddress(spec.address(), 0))
                  .addListener(
                      con -> {
                        if (con.isSuccess() && ssl != null) {
                          // writes wait for the handshake and fail with it (failover)
                          ssl.handshakeFuture()
                              .addListener(
                                  hs -> {
                                    if (hs.isSuccess()) {
                                      ready.trySuccess();
                                    } else {
                                      ready.tryFailure(hs.cause());
                                      ch.close();
                                    }
                                  });
                        } else if (con.isSuccess()) {
                          ready.trySuccess();
                        } else {
                          ready.tryFailure(con.cause());
                          ch.close();
                          unreachable.unreachable(spec, remote, con.cause());
                        }
                      });
            });
    return c;
  }

  private void pipeline(Channel ch, SipConnection c) {
    ch.pipeline()
        .addLast(new IdleCloser(config.tcpIdleTimeout().toNanos()))
        .addLast(new TcpReceiver(c, network, ingress, counters, config.limits()));
  }

  SocketSpec spec() {
    return spec;
  }

  InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  void close() {
    server.close().awaitUninterruptibly();
  }
}
