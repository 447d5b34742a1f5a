package io.isthmus.media.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.PortUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only pipeline stage of a relay socket: a thin adapter from Netty to {@link
 * PacketStream#receive}. Writes of a read burst are flushed once, in {@code channelReadComplete}.
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
      // Ownership of the content passes on; the envelope itself holds no reference count.
      stream.receive(packet.content(), packet.sender());
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
