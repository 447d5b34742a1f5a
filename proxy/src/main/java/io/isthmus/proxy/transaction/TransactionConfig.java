package io.isthmus.proxy.transaction;

import java.time.Duration;
import java.util.Objects;

/**
 * The timer settings of the transaction layer. Every other timer of RFC 3261 Table 4 and RFC 6026
 * derives from these:
 *
 * <pre>
 * A, E, G  first retransmission after T1, doubling (E and G capped at T2)   unreliable only
 * B, F, H  64*T1                                                            always
 * L, M     64*T1 (RFC 6026 §8.7, §8.4)                                      always
 * D        max(32 s, 64*T1)                                                 unreliable; else 0
 * I, K     T4                                                               unreliable; else 0
 * J        64*T1                                                            unreliable; else 0
 * </pre>
 *
 * @param t1 RTT estimate. Default {@link #DEFAULT_T1} 500 ms, RFC 3261 §17.1.1.1's recommended
 *     value and Kamailio's {@code retr_timer1}.
 * @param t2 the retransmission interval cap for non-INVITE requests and INVITE responses. Default
 *     {@link #DEFAULT_T2} 4 s (RFC 3261 Table 4, Kamailio {@code retr_timer2}).
 * @param t4 how long a message may linger in the network, the wait in Completed/Confirmed for
 *     timers I and K. Default {@link #DEFAULT_T4} 5 s (RFC 3261 Table 4).
 * @param trying100Delay how long an INVITE server transaction waits for the core's own provisional
 *     before sending 100 Trying itself (§17.2.1 allows up to 200 ms). Default {@link
 *     #DEFAULT_TRYING_100_DELAY} zero: sent at once, as Kamailio does on t_relay, because the core
 *     asks the media relay for an offer before forwarding and that round trip must not cost the
 *     caller an INVITE retransmission.
 * @param inviteNoResponse how long an INVITE client transaction waits for any response (100
 *     included) before reporting {@link Timeout#NO_RESPONSE}, the role of Kamailio's {@code
 *     fr_timer} in a dispatcher failover setup (commonly set to a few seconds there; its built-in
 *     default is 30 s). Default {@link #DEFAULT_INVITE_NO_RESPONSE} 2 s: a gateway on the private
 *     network answers 100 in milliseconds, so silence for 2 s (three transmissions over UDP) means
 *     it is down and the next gateway should be tried while the caller is still waiting. {@link
 *     Duration#ZERO} disables it (Timer B then decides), as does any value not below 64*T1. Not
 *     applied to non-INVITE requests: an in-dialog BYE must not give up after 2 s.
 * @param timerC how long an INVITE client transaction waits for a final response after a
 *     provisional (restarted on each 101-199) before sending CANCEL (RFC 3261 §16.6 step 11, §16.7
 *     step 2, §16.8), the role of Kamailio's {@code fr_inv_timer}. Default {@link #DEFAULT_TIMER_C}
 *     181 s: RFC 3261 requires more than 3 minutes; Kamailio's 120 s default is below that floor.
 */
public record TransactionConfig(
    Duration t1,
    Duration t2,
    Duration t4,
    Duration trying100Delay,
    Duration inviteNoResponse,
    Duration timerC) {

  public static final Duration DEFAULT_T1 = Duration.ofMillis(500);
  public static final Duration DEFAULT_T2 = Duration.ofSeconds(4);
  public static final Duration DEFAULT_T4 = Duration.ofSeconds(5);
  public static final Duration DEFAULT_TRYING_100_DELAY = Duration.ZERO;
  public static final Duration DEFAULT_INVITE_NO_RESPONSE = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TIMER_C = Duration.ofSeconds(181);

  /** RFC 3261 Table 4: Timer D is at least 32 s on unreliable transports. */
  private static final Duration MIN_TIMER_D = Duration.ofSeconds(32);

  /** The defaults above. */
  public static final TransactionConfig DEFAULTS =
      new TransactionConfig(
          DEFAULT_T1,
          DEFAULT_T2,
          DEFAULT_T4,
          DEFAULT_TRYING_100_DELAY,
          DEFAULT_INVITE_NO_RESPONSE,
          DEFAULT_TIMER_C);

  public TransactionConfig {
    positive(t1, "t1");
    positive(t2, "t2");
    positive(t4, "t4");
    positive(timerC, "timerC");
    notNegative(trying100Delay, "trying100Delay");
    notNegative(inviteNoResponse, "inviteNoResponse");
    if (t2.compareTo(t1) < 0) {
      throw new IllegalArgumentException("t2 (" + t2 + ") must not be below t1 (" + t1 + ")");
    }
    if (trying100Delay.compareTo(Duration.ofMillis(200)) > 0) {
      throw new IllegalArgumentException(
          "trying100Delay above the 200 ms of RFC 3261 §17.2.1: " + trying100Delay);
    }
  }

  /** These settings with other T1, T2 and T4 (e.g. for a lossy or slow network). */
  public TransactionConfig withTimers(Duration newT1, Duration newT2, Duration newT4) {
    return new TransactionConfig(newT1, newT2, newT4, trying100Delay, inviteNoResponse, timerC);
  }

  /** These settings with another 100 Trying delay. */
  public TransactionConfig withTrying100Delay(Duration delay) {
    return new TransactionConfig(t1, t2, t4, delay, inviteNoResponse, timerC);
  }

  /** These settings with another no-response timeout for INVITE (zero disables it). */
  public TransactionConfig withInviteNoResponse(Duration timeout) {
    return new TransactionConfig(t1, t2, t4, trying100Delay, timeout, timerC);
  }

  /** These settings with another Timer C. */
  public TransactionConfig withTimerC(Duration timeout) {
    return new TransactionConfig(t1, t2, t4, trying100Delay, inviteNoResponse, timeout);
  }

  long t1Nanos() {
    return t1.toNanos();
  }

  long t2Nanos() {
    return t2.toNanos();
  }

  long t4Nanos() {
    return t4.toNanos();
  }

  /** 64*T1: timers B, F, H, J, L, M and the CANCEL wait of §9.1. */
  long sixtyFourT1Nanos() {
    return 64 * t1.toNanos();
  }

  /** Timer D on an unreliable transport: at least 32 s, and as long as the peer may retransmit. */
  long timerDNanos() {
    return Math.max(MIN_TIMER_D.toNanos(), sixtyFourT1Nanos());
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  private static void notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + d);
    }
  }
}
