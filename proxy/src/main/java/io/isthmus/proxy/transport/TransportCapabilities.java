package io.isthmus.proxy.transport;

import io.netty.channel.epoll.Epoll;
import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the platform offers the SIP transports, detected once per JVM and logged once: native epoll
 * (and with it SO_REUSEPORT, which Linux has had since 3.9), and whether Netty may use Unsafe (off
 * by default on JDK 24+, netty/netty#14943, which costs some buffer performance).
 *
 * @param epoll the native epoll transport loaded
 * @param reusePort several UDP sockets can share a port (epoll only; NIO binds one channel)
 * @param unsafe Netty uses sun.misc.Unsafe
 * @param epollUnavailableCause why epoll did not load, or null
 */
public record TransportCapabilities(
    boolean epoll, boolean reusePort, boolean unsafe, String epollUnavailableCause) {
  private static final Logger LOG = LoggerFactory.getLogger(TransportCapabilities.class);

  private static final class Holder {
    static final TransportCapabilities DETECTED = probe();
  }

  /** The capabilities of this JVM; the first call detects and logs them. */
  public static TransportCapabilities detect() {
    return Holder.DETECTED;
  }

  private static TransportCapabilities probe() {
    boolean epoll = Epoll.isAvailable();
    Throwable cause = epoll ? null : Epoll.unavailabilityCause();
    var caps =
        new TransportCapabilities(
            epoll, epoll, PlatformDependent.hasUnsafe(), cause == null ? null : cause.toString());
    if (epoll) {
      LOG.info("SIP transport capabilities: epoll yes, SO_REUSEPORT yes, unsafe {}", caps.unsafe);
    } else {
      LOG.info(
          "SIP transport capabilities: epoll no ({}), SO_REUSEPORT no, unsafe {}",
          caps.epollUnavailableCause,
          caps.unsafe);
    }
    return caps;
  }
}
