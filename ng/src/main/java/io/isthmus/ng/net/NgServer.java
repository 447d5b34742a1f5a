package io.isthmus.ng.net;

import io.isthmus.ng.NgCommand;
import io.isthmus.ng.NgCommandHandler;
import io.isthmus.ng.NgEncoding;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgMessage;
import io.isthmus.ng.NgRequest;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BString;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NG control server over UDP: one datagram in, one reply out, to the sender.
 *
 * <p>Per datagram: split the cookie (none: drop, count as malformed), consult the {@link
 * ReplyCache} (retransmission: resend the cached bytes), decode the payload, read the request,
 * answer {@code ping} here, hand anything else to the {@link NgCommandHandler}. Every failure
 * becomes an error reply in rtpengine's wording; nothing a client sends can stop the server.
 *
 * <p>All state (the cache, the channel) belongs to one event loop; a handler that completes on
 * another thread hands its reply back to that loop.
 */
public final class NgServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NgServer.class);

  /** Largest UDP payload over IPv4 (65535 - 8 UDP - 20 IP header bytes). */
  static final int MAX_DATAGRAM = 65507;

  private final NgServerConfig config;
  private final NgCommandHandler handler;
  private final EventLoopGroup group;
  private final Channel channel;
  private final ReplyCache cache;
  private final NgServerStats stats = new NgServerStats();

  private NgServer(NgServerConfig config, NgCommandHandler handler) throws InterruptedException {
    this.config = config;
    this.handler = handler;
    this.cache = new ReplyCache(config.replyTtl(), 64L << 20);
    this.group = NgTransport.newGroup("ng-server");
    try {
      this.channel =
          NgTransport.bootstrap(group, new Inbound()).bind(config.bind()).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
    log.info("NG server listening on {}", channel.localAddress());
  }

  /** Binds and starts serving. */
  public static NgServer start(NgServerConfig config, NgCommandHandler handler)
      throws InterruptedException {
    return new NgServer(config, handler);
  }

  /** The bound address (with the actual port when the configured one was 0). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  public NgServerStats stats() {
    return stats;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      // One copy out of the pooled buffer: the decoded strings are views of this array and live
      // as long as the request does, possibly beyond this call.
      byte[] data = ByteBufUtil.getBytes(packet.content());
      onDatagram(data, packet.sender());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.warn("NG server socket error", cause); // e.g. ICMP unreachable: keep serving
    }
  }

  private void onDatagram(byte[] data, InetSocketAddress sender) {
    stats.received.increment();
    BString cookie = NgMessage.cookie(data, 0, data.length);
    if (cookie == null) {
      stats.malformed.increment();
      log.warn("Received invalid data on NG port (no cookie) from {}", sender);
      return;
    }
    switch (cache.lookup(cookie, sender, config.nanoClock().getAsLong())) {
      case ReplyCache.Cached cached -> {
        stats.duplicates.increment();
        log.info("Detected command from {} as a duplicate", sender);
        send(cached.reply(), sender);
        return;
      }
      case ReplyCache.InProgress inProgress -> {
        stats.duplicates.increment();
        return;
      }
      case ReplyCache.Execute execute -> {}
    }
    NgEncoding encoding = NgMessage.replyEncoding(data, 0, data.length, cookie);
    NgRequest request;
    try {
      NgMessage message;
      try {
        message = NgMessage.decode(data, 0, data.length, cookie, config.limits());
      } catch (NgException e) {
        stats.malformed.increment();
        throw e;
      }
      request = NgRequest.of(message.body(), sender);
    } catch (NgException e) {
      log.warn("Protocol error in packet from {}: {}", sender, e.reason());
      finish(cookie, encoding, e.response(), sender);
      return;
    }
    if (request.command() == NgCommand.PING) {
      handler.pinged(request);
      finish(cookie, encoding, NgResponse.pong(), sender);
      return;
    }
    for (String warning : request.warnings()) {
      log.warn("{} (call-id {})", warning, request.callId());
    }
    execute(request, cookie, encoding, sender);
  }

  private void execute(
      NgRequest request, BString cookie, NgEncoding encoding, InetSocketAddress sender) {
    stats.executed.increment();
    CompletionStage<NgResponse> stage;
    try {
      stage = handler.handle(request);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage
        .toCompletableFuture()
        .copy() // our timeout must not complete the handler's own future
        .orTimeout(config.handlerTimeout().toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete(
            (response, failure) -> {
              NgResponse reply = failure == null ? response : errorFor(request, failure);
              NgResponse checked = reply == null ? NgResponse.error("Internal error") : reply;
              if (channel.eventLoop().inEventLoop()) {
                finish(cookie, encoding, checked, sender);
              } else {
                channel.eventLoop().execute(() -> finish(cookie, encoding, checked, sender));
              }
            });
  }

  private static NgResponse errorFor(NgRequest request, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof NgException e) {
      return e.response();
    }
    if (cause instanceof TimeoutException) {
      log.warn("Handler did not answer '{}' in time", request.command().wireName());
      return NgResponse.error("Request timed out");
    }
    log.error("Handler failed on '{}'", request.command().wireName(), cause);
    return NgResponse.error("Internal error");
  }

  private void finish(BString cookie, NgEncoding encoding, NgResponse reply, InetSocketAddress to) {
    byte[] datagram = NgMessage.frame(cookie, encoding, reply.body());
    if (datagram.length > MAX_DATAGRAM) {
      reply = NgResponse.error("Reply too large for UDP");
      datagram = NgMessage.frame(cookie, encoding, reply.body());
    }
    if (reply.result().equals("error")) {
      stats.errors.increment();
    }
    List<InetSocketAddress> waiters =
        cache.complete(cookie, datagram, config.nanoClock().getAsLong());
    send(datagram, to);
    for (InetSocketAddress waiter : waiters) {
      if (!waiter.equals(to)) {
        send(datagram, waiter);
      }
    }
  }

  private void send(byte[] datagram, InetSocketAddress to) {
    channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to));
  }
}
