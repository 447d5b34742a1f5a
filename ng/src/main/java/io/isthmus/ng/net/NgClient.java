package io.isthmus.ng.net;

import io.isthmus.ng.NgEncoding;
import io.isthmus.ng.NgException;
import io.isthmus.ng.NgMessage;
import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
 * <p>The socket is connected to the node, so the kernel reports what the network says about it: an
 * ICMP port unreachable (nothing listens there: the relay was killed or is restarting) comes back
 * as an error on the socket at once, and every request pending on that node fails with {@link
 * Unreachable} then, instead of waiting out its timeout and retries. A connected socket also
 * receives nothing but the node's datagrams.
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

  /** The node's socket refused the request (ICMP port unreachable, or a send error). */
  public static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message) {
      super(message, null, false, false);
    }
  }

  private static final class Pending {
    final BString cookie;
    final byte[] datagram;
    final int retries;
    final CompletableFuture<NgResponse> future = new CompletableFuture<>();
    int attempts;
    ScheduledFuture<?> timer;

    Pending(BString cookie, byte[] datagram, int retries) {
      this.cookie = cookie;
      this.datagram = datagram;
      this.retries = retries;
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
      this.channel =
          NgTransport.bootstrap(group, new Inbound())
              .connect(config.node(), local)
              .sync()
              .channel();
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Opens a local UDP socket connected to {@code config.node()}. */
  public static NgClient start(NgClientConfig config) throws InterruptedException {
    return new NgClient(config);
  }

  /** The node this client talks to. */
  public InetSocketAddress node() {
    return config.node();
  }

  /**
   * Sends {@code request} (bencoded). Completes with the reply, or exceptionally with {@link
   * NgTimeoutException} after {@code 1 + retries} unanswered attempts, with {@link Unreachable} as
   * soon as the node's socket is known closed, or with {@link NgException} if the reply cannot be
   * decoded.
   */
  public CompletionStage<NgResponse> send(BDict request) {
    return send(request, config.retries());
  }

  /**
   * Sends {@code request} with {@code retries} resends instead of the configured number (0 for a
   * ping: the next ping is the retry).
   */
  public CompletionStage<NgResponse> send(BDict request, int retries) {
    BString cookie =
        BString.wrap(
            (cookiePrefix + "_" + sequence.incrementAndGet()).getBytes(StandardCharsets.US_ASCII));
    Pending p = new Pending(cookie, NgMessage.frame(cookie, NgEncoding.BENCODE, request), retries);
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
    ChannelFuture sent = channel.writeAndFlush(Unpooled.wrappedBuffer(p.datagram));
    sent.addListener(
        f -> {
          if (!f.isSuccess()) {
            unreachable(f.cause()); // e.g. ECONNREFUSED from an earlier ICMP error
          }
        });
    p.timer =
        channel
            .eventLoop()
            .schedule(() -> onTimeout(p), config.timeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  private void onTimeout(Pending p) {
    if (pending.get(p.cookie) != p) {
      return; // answered meanwhile
    }
    if (p.attempts <= p.retries) {
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

  /** The socket reported an error: nobody listens at the node now, so nothing pending can win. */
  private void unreachable(Throwable cause) {
    if (pending.isEmpty()) {
      return;
    }
    String why = "NG node " + config.node() + " unreachable: " + cause;
    for (Pending p : new ArrayList<>(pending.values())) {
      p.timer.cancel(false);
      p.future.completeExceptionally(new Unreachable(why));
    }
    pending.clear();
  }

  private final class Inbound extends SimpleChannelInboundHandler<Object> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object message) {
      ByteBuf content;
      if (message instanceof DatagramPacket packet) {
        if (packet.sender() != null && !packet.sender().equals(config.node())) {
          return; // only the node may answer (a reply is trusted by its cookie alone otherwise)
        }
        content = packet.content();
      } else if (message instanceof ByteBuf buf) {
        content = buf;
      } else {
        return;
      }
      byte[] data = ByteBufUtil.getBytes(content);
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
      // On a connected socket: ICMP port unreachable (ECONNREFUSED) and the like.
      unreachable(cause);
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
