package io.isthmus.ng.net;

import io.isthmus.ng.NgEncoding;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgMessage;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An NG client for one relay node over UDP: sends a request with a fresh cookie, resends the same
 * datagram (same cookie, so the node answers from its reply cache) after each timeout, and
 * completes with the reply whose cookie matches.
 *
 * <p>Cookies are {@code <random>_<sequence>}, like Kamailio's {@code <id>_<random>_<seq>}: the
 * random part keeps two clients (or a restarted one) from colliding in the node's cache.
 *
 * <p>{@link #send} never blocks: the pending requests belong to the client's event loop. Futures
 * complete on that loop; callers must not block in their callbacks.
 */
public final class NgClient implements AutoCloseable {
  private final NgClientConfig config;
  private final EventLoopGroup group;
  private final Channel channel;
  private final String cookiePrefix;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<BString, Pending> pending = new HashMap<>(); // event loop only

  private static final class Pending {
    final BString cookie;
    final byte[] datagram;
    final CompletableFuture<NgResponse> future = new CompletableFuture<>();
    int attempts;
    ScheduledFuture<?> timer;

    Pending(BString cookie, byte[] datagram) {
      this.cookie = cookie;
      this.datagram = datagram;
    }
  }

  private NgClient(NgClientConfig config) throws InterruptedException {
    this.config = config;
    this.cookiePrefix = Long.toUnsignedString(new SecureRandom().nextInt() & 0xffffffffL);
    this.group = NgTransport.newGroup("ng-client");
    InetSocketAddress local =
        new InetSocketAddress(
            config.node().getAddress().isLoopbackAddress() ? config.node().getAddress() : null, 0);
    try {
      this.channel = NgTransport.bootstrap(group, new Inbound()).bind(local).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Opens a local UDP socket for talking to {@code config.node()}. */
  public static NgClient start(NgClientConfig config) throws InterruptedException {
    return new NgClient(config);
  }

  /** The node this client talks to. */
  public InetSocketAddress node() {
    return config.node();
  }

  /**
   * Sends {@code request} (bencoded). Completes with the reply, or exceptionally with {@link
   * NgTimeoutException} after {@code 1 + retries} unanswered attempts, or with {@link NgException}
   * if the reply cannot be decoded.
   */
  public CompletionStage<NgResponse> send(BDict request) {
    BString cookie =
        BString.wrap(
            (cookiePrefix + "_" + sequence.incrementAndGet()).getBytes(StandardCharsets.US_ASCII));
    Pending p = new Pending(cookie, NgMessage.frame(cookie, NgEncoding.BENCODE, request));
    channel
        .eventLoop()
        .execute(
            () -> {
              pending.put(cookie, p);
              transmit(p);
            });
    return p.future;
  }

  private void transmit(Pending p) {
    p.attempts++;
    channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(p.datagram), config.node()));
    p.timer =
        channel
            .eventLoop()
            .schedule(() -> onTimeout(p), config.timeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  private void onTimeout(Pending p) {
    if (pending.get(p.cookie) != p) {
      return; // answered meanwhile
    }
    if (p.attempts <= config.retries()) {
      transmit(p);
      return;
    }
    pending.remove(p.cookie);
    p.future.completeExceptionally(
        new NgTimeoutException(
            "No reply from NG node "
                + config.node()
                + " after "
                + p.attempts
                + " attempts of "
                + config.timeout().toMillis()
                + " ms (cookie "
                + p.cookie
                + ")"));
  }

  private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      if (!packet.sender().equals(config.node())) {
        return; // only the node may answer (a reply is trusted by its cookie alone otherwise)
      }
      byte[] data = ByteBufUtil.getBytes(packet.content());
      BString cookie = NgMessage.cookie(data, 0, data.length);
      Pending p = cookie == null ? null : pending.remove(cookie);
      if (p == null) {
        return; // late duplicate of an answered request, or garbage
      }
      p.timer.cancel(false);
      try {
        NgMessage reply = NgMessage.decode(data, 0, data.length, cookie, config.limits());
        p.future.complete(NgResponse.of(reply.body()));
      } catch (NgException e) {
        p.future.completeExceptionally(e);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // ICMP port unreachable and the like: the timeout logic decides what it means.
    }
  }

  /** Fails pending requests and releases the socket and thread. */
  @Override
  public void close() {
    channel
        .eventLoop()
        .submit(
            () -> {
              for (Pending p : new ArrayList<>(pending.values())) {
                p.timer.cancel(false);
                p.future.completeExceptionally(new NgException("NG client closed"));
              }
              pending.clear();
            })
        .syncUninterruptibly();
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
