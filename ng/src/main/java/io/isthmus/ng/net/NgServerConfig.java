package io.isthmus.ng.net;

import io.isthmus.ng.bencode.BencodeLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Settings of an {@link NgServer}.
 *
 * @param bind where to listen; rtpengine's customary {@code listen-ng} is 127.0.0.1:22222
 * @param replyTtl how long replies stay cached for retransmissions (rtpengine: 30 to 60 s)
 * @param handlerTimeout a request whose handler has not answered by then gets an error; well beyond
 *     Kamailio's total wait (5 retries of 1 s by default), so only a stuck handler hits it
 * @param limits bounds on decoded payloads
 * @param nanoClock monotonic time in nanoseconds (injected for tests)
 */
public record NgServerConfig(
    InetSocketAddress bind,
    Duration replyTtl,
    Duration handlerTimeout,
    BencodeLimits limits,
    LongSupplier nanoClock) {

  /** The default NG port of rtpengine deployments (Kamailio {@code rtpengine_sock}). */
  public static final int DEFAULT_PORT = 22222;

  /** 127.0.0.1:22222, 30 s reply cache, 10 s handler timeout, NG limits, the system clock. */
  public static NgServerConfig defaults() {
    return new NgServerConfig(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT),
        ReplyCache.DEFAULT_TTL,
        Duration.ofSeconds(10),
        BencodeLimits.NG,
        System::nanoTime);
  }

  /** The same settings listening on {@code address}. */
  public NgServerConfig withBind(InetSocketAddress address) {
    return new NgServerConfig(address, replyTtl, handlerTimeout, limits, nanoClock);
  }

  /** The same settings with another clock. */
  public NgServerConfig withClock(LongSupplier clock) {
    return new NgServerConfig(bind, replyTtl, handlerTimeout, limits, clock);
  }

  /** The same settings with another handler timeout. */
  public NgServerConfig withHandlerTimeout(Duration timeout) {
    return new NgServerConfig(bind, replyTtl, timeout, limits, nanoClock);
  }
}
