package io.isthmus.proxy.transport;

import io.isthmus.sip.message.SipLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the SIP transports.
 *
 * @param tcpIdleTimeout a TCP connection with no traffic either way for this long is closed.
 *     Default 120 s: long enough to span a call setup and its in-dialog requests on a reused
 *     connection, short enough that abandoned connections do not pile up file descriptors
 * @param tcpConnectTimeout an outbound TCP connect that has not completed by then fails as a
 *     transport error. Default 5 s: well inside Timer B/F (32 s, RFC 3261 §17.1), so the core can
 *     still fail over to another gateway within the same transaction
 * @param maxDatagramBytes the largest UDP datagram read. Default 65 535, the UDP maximum: a larger
 *     read buffer is never needed and a smaller one would truncate legal messages
 * @param limits the parser limits for every message
 */
public record TransportConfig(
    Duration tcpIdleTimeout, Duration tcpConnectTimeout, int maxDatagramBytes, SipLimits limits) {

  /** The defaults described above. */
  public static final TransportConfig DEFAULT =
      new TransportConfig(
          Duration.ofSeconds(120), Duration.ofSeconds(5), 65_535, SipLimits.DEFAULT);

  public TransportConfig {
    Objects.requireNonNull(limits, "limits");
    if (tcpIdleTimeout.isNegative() || tcpIdleTimeout.isZero()) {
      throw new IllegalArgumentException("tcpIdleTimeout must be positive: " + tcpIdleTimeout);
    }
    if (tcpConnectTimeout.isNegative() || tcpConnectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "tcpConnectTimeout must be positive: " + tcpConnectTimeout);
    }
    if (maxDatagramBytes < 512 || maxDatagramBytes > 65_535) {
      throw new IllegalArgumentException(
          "maxDatagramBytes outside 512..65535: " + maxDatagramBytes);
    }
  }

  /** A copy with another idle timeout. */
  public TransportConfig withTcpIdleTimeout(Duration timeout) {
    return new TransportConfig(timeout, tcpConnectTimeout, maxDatagramBytes, limits);
  }
}
