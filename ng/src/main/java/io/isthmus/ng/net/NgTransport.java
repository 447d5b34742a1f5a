package io.isthmus.ng.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Native epoll where the platform has it, NIO otherwise. */
final class NgTransport {
  private NgTransport() {}

  static EventLoopGroup newGroup(String name) {
    return QuietLoops.keepAsleep(
        new MultiThreadIoEventLoopGroup(
            1,
            new DefaultThreadFactory(name, true),
            Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory()));
  }

  /**
   * Largest NG datagram we read: a whole UDP payload. Netty's default receive buffer is 2048 bytes,
   * which would cut query/delete replies with stats (several KB, rtpengine #1856) and large offers
   * without telling anyone.
   */
  static final int MAX_DATAGRAM = 65_535;

  /** A datagram bootstrap on {@code group} that reads whole NG datagrams. */
  static Bootstrap bootstrap(EventLoopGroup group, ChannelHandler handler) {
    return new Bootstrap()
        .group(group)
        .channel(datagramChannel())
        .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
        .handler(handler);
  }

  static Class<? extends DatagramChannel> datagramChannel() {
    return Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }
}
