package io.isthmus.proxy.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a TCP connection that has neither read nor written anything for the idle timeout. Time is
 * the channel loop's ticker, so the rule runs on the connection's own thread without locks; one
 * timer per connection, re-armed for the remaining time instead of on every message.
 */
final class IdleCloser extends ChannelDuplexHandler {
  private static final Logger LOG = LoggerFactory.getLogger(IdleCloser.class);

  private final long timeoutNanos;
  private long lastActivity;
  private ScheduledFuture<?> timer;

  IdleCloser(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    lastActivity = ctx.executor().ticker().nanoTime();
    arm(ctx, timeoutNanos);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastActivity = ctx.executor().ticker().nanoTime();
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    lastActivity = ctx.executor().ticker().nanoTime();
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
    ctx.fireChannelInactive();
  }

  private void arm(ChannelHandlerContext ctx, long delayNanos) {
    timer = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void check(ChannelHandlerContext ctx) {
    if (!ctx.channel().isOpen()) {
      return;
    }
    long idle = ctx.executor().ticker().nanoTime() - lastActivity;
    if (idle >= timeoutNanos) {
      LOG.debug("closing idle connection {}", ctx.channel());
      ctx.close();
    } else {
      arm(ctx, timeoutNanos - idle);
    }
  }
}
