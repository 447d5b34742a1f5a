package io.isthmus.proxy.transport;

import io.isthmus.proxy.network.Classification;
import io.isthmus.proxy.network.Network;
import io.isthmus.sip.SipParseException;
import io.isthmus.sip.message.SipLimits;
import io.isthmus.sip.message.SipMessage;
import io.isthmus.sip.message.SipStreamDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames the byte stream of one TCP connection into SIP messages by Content-Length (mandatory on
 * streams, RFC 3261 §18.3) and hands them to the ingress. The source is classified once per
 * connection. A framing error cannot be recovered from: the connection is answered 400 where the
 * bytes allow and closed.
 */
final class TcpReceiver extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(TcpReceiver.class);

  private final SipConnection connection;
  private final Network network;
  private final Ingress ingress;
  private final TransportCounters counters;
  private final SipStreamDecoder decoder;
  private byte[] scratch = new byte[0];
  private Flow flow;
  private Classification classification;

  TcpReceiver(
      SipConnection connection,
      Network network,
      Ingress ingress,
      TransportCounters counters,
      SipLimits limits) {
    this.connection = connection;
    this.network = network;
    this.ingress = ingress;
    this.counters = counters;
    this.decoder = new SipStreamDecoder(limits);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    counters.tcpConnectionsOpened.increment();
    flow =
        new Flow(
            connection.local(),
            network,
            connection.remote(),
            connection,
            ctx.channel().eventLoop());
    classification = ingress.classify(flow);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      if (decoder.failed()) {
        return; // framing is lost; the connection is closing, the rest is discarded
      }
      int n = in.readableBytes();
      byte[] src;
      int off;
      if (in.hasArray()) {
        src = in.array();
        off = in.arrayOffset() + in.readerIndex();
      } else {
        if (scratch.length < n) {
          scratch = new byte[Math.max(n, 2048)];
        }
        in.getBytes(in.readerIndex(), scratch, 0, n);
        src = scratch;
        off = 0;
      }
      List<SipMessage> messages;
      try {
        messages = decoder.feed(src, off, n);
      } catch (SipParseException e) {
        // the 400 can only echo what this chunk holds; the usual case is a whole bad head
        ingress.unparsable(src, off, n, e, flow, classification);
        LOG.debug("closing {}: {}", connection, e.getMessage());
        ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      for (SipMessage m : messages) {
        ingress.deliver(m, flow, classification);
      }
    } finally {
      in.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    counters.tcpConnectionsClosed.increment();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("closing {}: {}", connection, cause.toString());
    ctx.close();
  }
}
