package io.isthmus.proxy.transport;

import io.isthmus.ng.net.QuietLoops;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's event loops: one per core by default, native epoll when it loads, else NIO. A call
 * (Call-ID) is owned by exactly one loop, {@link #loopFor(String)}; its transactions and timers run
 * there and nowhere else, so they need no locks.
 */
public final class LoopGroup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoopGroup.class);

  private final EventLoopGroup group;
  private final boolean epoll;
  private final EventLoop[] loops;

  private LoopGroup(EventLoopGroup group, boolean epoll) {
    this.group = group;
    this.epoll = epoll;
    List<EventLoop> list = new ArrayList<>();
    group.forEach(executor -> list.add((EventLoop) executor));
    this.loops = list.toArray(new EventLoop[0]);
  }

  /**
   * Starts {@code threads} loops.
   *
   * @param preferEpoll false forces NIO (comparison runs, or a kernel where epoll misbehaves)
   */
  public static LoopGroup start(int threads, boolean preferEpoll) {
    if (threads < 1) {
      throw new IllegalArgumentException("need at least one event loop, got " + threads);
    }
    TransportCapabilities caps = TransportCapabilities.detect();
    var threadFactory = new DefaultThreadFactory("isthmus-sip", true);
    boolean epoll = preferEpoll && caps.epoll();
    LOG.info(
        "SIP event loops: {} x {}{}",
        threads,
        epoll ? "epoll" : "nio",
        epoll ? "" : preferEpoll ? " (epoll unavailable)" : " (epoll disabled)");
    var factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new LoopGroup(
        QuietLoops.keepAsleep(new MultiThreadIoEventLoopGroup(threads, threadFactory, factory)),
        epoll);
  }

  /** True when the loops are native epoll loops (SO_REUSEPORT fan-out is then available). */
  public boolean epoll() {
    return epoll;
  }

  /** The Netty group, for bootstraps. */
  public EventLoopGroup group() {
    return group;
  }

  /** The number of loops. */
  public int size() {
    return loops.length;
  }

  /** The i-th loop. */
  public EventLoop loop(int i) {
    return loops[i];
  }

  /**
   * The loop that owns the call with this Call-ID. {@link String#hashCode()} is specified by the
   * JLS, so the choice is stable across runs and JVMs, and the same as the media relay's (a call's
   * signalling and media can share a loop when both run in one group).
   */
  public EventLoop loopFor(String callId) {
    return loops[Math.floorMod(callId.hashCode(), loops.length)];
  }

  /** The loop the calling thread runs, or null when it is not one of these loops. */
  public EventLoop current() {
    for (EventLoop loop : loops) {
      if (loop.inEventLoop()) {
        return loop;
      }
    }
    return null;
  }

  /** Index of the calling thread's loop ({@link #loop(int)}), or -1 off the loops. */
  public int currentIndex() {
    for (int i = 0; i < loops.length; i++) {
      if (loops[i].inEventLoop()) {
        return i;
      }
    }
    return -1;
  }

  /** Stops the loops; waits up to five seconds. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
