package io.isthmus.app.config;

import io.isthmus.proxy.core.ProxyConfig;
import io.isthmus.proxy.transaction.TransactionConfig;
import io.isthmus.proxy.transport.TransportConfig;
import java.time.Duration;

/**
 * {@code sip:} transaction timers and transport settings. Rarely changed: the defaults are RFC
 * 3261's and are explained on {@link TransactionConfig} and {@link TransportConfig}.
 */
public record SipConfig(
    Duration t1,
    Duration t2,
    Duration t4,
    Duration timerC,
    Duration tcpIdleTimeout,
    Duration tcpConnectTimeout,
    Duration dialogLifetime) {

  /** RTT estimate; default 500 ms (RFC 3261 §17.1.1.1). */
  public static final String KEY_T1 = "t1";

  /** Retransmission cap; default 4 s (RFC 3261 Table 4). */
  public static final String KEY_T2 = "t2";

  /** Network lifetime of a message; default 5 s (RFC 3261 Table 4). */
  public static final String KEY_T4 = "t4";

  /** Wait for a final response after a provisional; default 181 s (RFC 3261 §16.6: over 3 min). */
  public static final String KEY_TIMER_C = "timer-c";

  /** Idle TCP connections close after; default 120 s (spans a call setup on a reused link). */
  public static final String KEY_TCP_IDLE_TIMEOUT = "tcp-idle-timeout";

  /** Outbound TCP connect limit; default 5 s (well inside Timer B, so failover still happens). */
  public static final String KEY_TCP_CONNECT_TIMEOUT = "tcp-connect-timeout";

  /**
   * An answered call without any in-dialog request this long is ended by the proxy (BYE to both
   * parties, media deleted); default 12 h, Kamailio's dialog {@code default_timeout}. Dialogs with
   * RFC 4028 session timers end sooner when a refresh does not come.
   */
  public static final String KEY_DIALOG_LIFETIME = "dialog-lifetime";

  public static final SipConfig DEFAULTS =
      new SipConfig(
          TransactionConfig.DEFAULT_T1,
          TransactionConfig.DEFAULT_T2,
          TransactionConfig.DEFAULT_T4,
          TransactionConfig.DEFAULT_TIMER_C,
          TransportConfig.DEFAULT.tcpIdleTimeout(),
          TransportConfig.DEFAULT.tcpConnectTimeout(),
          ProxyConfig.DEFAULTS.dialogLifetime());

  /** The transaction layer's timers; {@code inviteNoResponse} is the dispatcher's timeout. */
  public TransactionConfig transactionConfig(Duration inviteNoResponse) {
    return TransactionConfig.DEFAULTS
        .withTimers(t1, t2, t4)
        .withTimerC(timerC)
        .withInviteNoResponse(inviteNoResponse);
  }

  /** The transports' settings. */
  public TransportConfig transportConfig() {
    return new TransportConfig(
        tcpIdleTimeout,
        tcpConnectTimeout,
        TransportConfig.DEFAULT.maxDatagramBytes(),
        TransportConfig.DEFAULT.limits());
  }
}
