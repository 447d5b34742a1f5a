package io.isthmus.proxy.core;

import io.isthmus.proxy.transaction.TransactionConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the proxy core.
 *
 * @param transactions the transaction timers. Its {@link TransactionConfig#inviteNoResponse()} is
 *     the failover timeout: a gateway that sends nothing at all for that long (default 2 s) counts
 *     as failed and the call moves to the next gateway
 * @param maxForwards the Max-Forwards put on a forwarded request that had none (RFC 3261 §16.6 step
 *     3: 70)
 * @param supportedOptionTags option tags accepted in Proxy-Require (§16.3 step 5); default none
 * @param dialogLifetime how long an answered call lives without any in-dialog request before the
 *     proxy ends it (BYE to both parties, media deleted); default {@link
 *     AnsweredCalls#DEFAULT_SESSION_EXPIRY}, 12 h. RFC 4028 session timers shorten it per dialog
 */
public record ProxyConfig(
    TransactionConfig transactions,
    int maxForwards,
    Set<String> supportedOptionTags,
    Duration dialogLifetime) {

  /** RFC 3261 §16.6 step 3. */
  public static final int DEFAULT_MAX_FORWARDS = 70;

  public static final ProxyConfig DEFAULTS =
      new ProxyConfig(
          TransactionConfig.DEFAULTS,
          DEFAULT_MAX_FORWARDS,
          Set.of(),
          AnsweredCalls.DEFAULT_SESSION_EXPIRY);

  public ProxyConfig {
    Objects.requireNonNull(transactions, "transactions");
    supportedOptionTags = Set.copyOf(supportedOptionTags);
    if (maxForwards < 1 || maxForwards > 255) {
      throw new IllegalArgumentException("maxForwards outside 1..255: " + maxForwards);
    }
    if (dialogLifetime.isNegative() || dialogLifetime.isZero()) {
      throw new IllegalArgumentException("dialogLifetime must be positive: " + dialogLifetime);
    }
  }

  /** A copy with other transaction settings. */
  public ProxyConfig withTransactions(TransactionConfig t) {
    return new ProxyConfig(t, maxForwards, supportedOptionTags, dialogLifetime);
  }

  /** A copy with another dialog lifetime. */
  public ProxyConfig withDialogLifetime(Duration d) {
    return new ProxyConfig(transactions, maxForwards, supportedOptionTags, d);
  }
}
