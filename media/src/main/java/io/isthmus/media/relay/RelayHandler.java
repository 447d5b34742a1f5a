package io.isthmus.media.relay;

import io.isthmus.media.net.WholeDatagrams;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.PortUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only pipeline stage of a relay socket: a thin adapter from Netty to {@link
 * PacketStream#receive}. Each datagram arrives in the reading thread's 64 KiB buffer ({@link
 * WholeDatagrams}); it is copied into a buffer of its own size and the read buffer released before
 * the next read, or, if it filled the buffer (cut short by the kernel), dropped and counted. Writes
 * of a read burst are flushed once, in {@code channelReadComplete}.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(RelayHandler.class);

  private final PacketStream stream;

  RelayHandler(PacketStream stream) {
    this.stream = stream;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof DatagramPacket packet) {
      ByteBuf read = packet.content();
      if (WholeDatagrams.truncated(read)) {
        read.release();
        stream.countOversized();
        return;
      }
      ByteBuf whole = WholeDatagrams.copyOut(read, ctx.alloc());
      read.release(); // the envelope itself holds no reference count
      stream.receive(whole, packet.sender());
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    MediaStream peer = stream.media().peer();
    if (peer != null) {
      peer.flushPending();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof PortUnreachableException) {
      // Only a connected socket hears ICMP port unreachable (Linux reports it to connected UDP
      // sockets alone); the unconnected path never saw it, so it is not an error of the stream.
      LOG.debug("relay socket {}: peer port unreachable", ctx.channel().localAddress());
      return;
    }
    // Write failures arrive here (void promises): ICMP port unreachable, send buffer errors.
    stream.countError();
    LOG.debug("relay socket {} error: {}", ctx.channel().localAddress(), cause.toString());
  }
}
