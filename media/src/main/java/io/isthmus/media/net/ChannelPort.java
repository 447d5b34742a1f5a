package io.isthmus.media.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;

/**
 * A relay socket on a Netty datagram channel: the transport's NIO fallback (no native epoll). Each
 * datagram arrives in the reading thread's 64 KiB buffer ({@link WholeDatagrams}); it is copied
 * into a pooled buffer of its own size and the read buffer released before the next read, or, if it
 * filled the buffer (cut short by the kernel), dropped and counted. Writes are queued and flushed
 * once per read burst. Netty allocates a {@link DatagramPacket} per packet each way here; the epoll
 * path ({@link UdpSocket}) does not.
 */
final class ChannelPort implements DatagramPort {

  private final Channel channel;
  private final InetSocketAddress local;
  private boolean flushPending;

  ChannelPort(Channel channel) {
    this.channel = channel;
    this.local = (InetSocketAddress) channel.localAddress();
  }

  /** The channel's only pipeline stage: a thin adapter from Netty to a {@link Receiver}. */
  static ChannelInboundHandlerAdapter handler(Receiver receiver) {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
          ByteBuf read = packet.content();
          if (WholeDatagrams.truncated(read)) {
            read.release();
            receiver.truncated();
            return;
          }
          ByteBuf whole = WholeDatagrams.copyOut(read, ctx.alloc());
          read.release(); // the envelope itself holds no reference count
          receiver.datagram(whole, packet.sender());
        } else {
          ReferenceCountUtil.release(msg);
        }
      }

      @Override
      public void channelReadComplete(ChannelHandlerContext ctx) {
        receiver.readComplete();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof PortUnreachableException)) {
          // Write failures arrive here (void promises): send buffer errors and the like.
          receiver.error(cause);
        }
      }
    };
  }

  @Override
  public boolean send(ByteBuf buf) {
    if (!channel.isWritable()) {
      return false;
    }
    channel.write(buf, channel.voidPromise());
    flushPending = true;
    return true;
  }

  @Override
  public boolean sendTo(ByteBuf buf, InetSocketAddress recipient) {
    if (!channel.isWritable()) {
      return false;
    }
    channel.write(new DatagramPacket(buf, recipient), channel.voidPromise());
    flushPending = true;
    return true;
  }

  @Override
  public void flush() {
    if (flushPending) {
      flushPending = false;
      channel.flush();
    }
  }

  @Override
  public io.netty.channel.EventLoop eventLoop() {
    return channel.eventLoop();
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public void close() {
    flush();
    channel.close();
  }
}
