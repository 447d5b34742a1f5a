package io.isthmus.proxy.transport;

import io.isthmus.proxy.network.SocketSpec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * One TCP connection of a SIP socket, accepted or opened by the proxy. Writes may come from any
 * thread (Netty queues them to the connection's loop); a write issued while an outbound connection
 * is still connecting waits for the connect and fails with it.
 */
public final class SipConnection {
  private final SocketSpec local;
  private final InetSocketAddress remote;
  private final boolean inbound;
  private final Channel channel;
  private final ChannelFuture ready;

  SipConnection(
      SocketSpec local,
      InetSocketAddress remote,
      boolean inbound,
      Channel channel,
      ChannelFuture ready) {
    this.local = local;
    this.remote = remote;
    this.inbound = inbound;
    this.channel = channel;
    this.ready = ready;
  }

  /** The proxy's socket this connection belongs to. */
  public SocketSpec local() {
    return local;
  }

  /** The peer's address and port. */
  public InetSocketAddress remote() {
    return remote;
  }

  /** True when the peer opened it. */
  public boolean inbound() {
    return inbound;
  }

  /** True while the connection is connecting or open. */
  public boolean isOpen() {
    return channel.isOpen();
  }

  /** The local address and port of the connection (the ephemeral port of an outbound one). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  Channel channel() {
    return channel;
  }

  /**
   * True on a TLS connection whose peer presented a certificate that verified (mutual TLS); false
   * on plain TCP and when the peer sent none.
   */
  public boolean peerVerified() {
    io.netty.handler.ssl.SslHandler ssl =
        channel.pipeline().get(io.netty.handler.ssl.SslHandler.class);
    if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
      return false;
    }
    try {
      return ssl.engine().getSession().getPeerCertificates().length > 0;
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return false;
    }
  }

  /** True when this connection runs TLS. */
  public boolean secure() {
    return local.transport() == io.isthmus.proxy.network.Transport.TLS;
  }

  /** Still connecting, or connected and open: worth writing to. */
  boolean usable() {
    return !ready.isDone() || (ready.isSuccess() && channel.isActive());
  }

  /** Writes and flushes {@code content} (taking ownership), reporting a failure to the callback. */
  void write(ByteBuf content, Consumer<Throwable> onFailure) {
    if (ready.isDone()) {
      writeNow(content, onFailure);
    } else {
      ready.addListener(f -> writeNow(content, onFailure));
    }
  }

  private void writeNow(ByteBuf content, Consumer<Throwable> onFailure) {
    if (!ready.isSuccess()) {
      content.release();
      onFailure.accept(ready.cause());
      return;
    }
    channel
        .writeAndFlush(content)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                onFailure.accept(f.cause());
              }
            });
  }

  /** Closes the connection. */
  ChannelFuture close() {
    return channel.close();
  }

  @Override
  public String toString() {
    return local + (inbound ? " <- " : " -> ") + remote;
  }
}
