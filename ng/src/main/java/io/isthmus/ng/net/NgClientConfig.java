package io.isthmus.ng.net;

import io.isthmus.ng.bencode.BencodeLimits;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Settings of an {@link NgClient} for one relay node.
 *
 * @param node the relay's NG address
 * @param timeout wait for a reply before resending (Kamailio's {@code rtpengine_tout_ms}: 1 s)
 * @param retries resends after the first attempt (Kamailio's {@code rtpengine_retr}: 5)
 * @param limits bounds on decoded replies
 */
public record NgClientConfig(
    InetSocketAddress node, Duration timeout, int retries, BencodeLimits limits) {

  /** Validates. */
  public NgClientConfig {
    if (timeout.isNegative() || timeout.isZero() || retries < 0) {
      throw new IllegalArgumentException("timeout must be positive and retries not negative");
    }
  }

  /** Kamailio's defaults (1 s, 5 retries) for {@code node}. */
  public static NgClientConfig of(InetSocketAddress node) {
    return new NgClientConfig(node, Duration.ofSeconds(1), 5, BencodeLimits.NG);
  }

  /** The same settings with another timeout and number of retries. */
  public NgClientConfig withTimeout(Duration timeout, int retries) {
    return new NgClientConfig(node, timeout, retries, limits);
  }
}
