package io.isthmus.proxy.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the outcome of a connection's TLS handshake and logs a failure with the peer's address (a
 * scanner, a caller with an expired certificate, a carrier that wants mutual TLS): the connection
 * is then closed by the SslHandler.
 */
final class TlsHandshakeWatcher extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakeWatcher.class);

  private final SipConnection connection;
  private final TlsCounters counters;

  TlsHandshakeWatcher(SipConnection connection, TlsCounters counters) {
    this.connection = connection;
    this.counters = counters;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent e) {
      if (e.isSuccess()) {
        (connection.inbound() ? counters.inboundHandshakes : counters.outboundHandshakes)
            .increment();
      } else {
        (connection.inbound() ? counters.inboundFailures : counters.outboundFailures).increment();
        LOG.info(
            "TLS handshake {} {} failed: {}",
            connection.inbound() ? "from" : "to",
            connection.remote(),
            e.cause().toString());
      }
    }
    super.userEventTriggered(ctx, evt);
  }
}
